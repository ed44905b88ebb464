// Package storetest is the fixture every core package's tests share: a real
// store in a temp folder with its users (one per role), a clock the test
// moves, and helpers to import, register and approve.
package storetest
