// Package filelock is an exclusive lock on a file held by a live process:
// the kernel releases it when the process dies, which is how a crashed
// import is told from one still running in another process.
package filelock
