// Package access owns who sees and takes recordings out (Art. 15–19):
// requests and their approval, viewings with their purpose, and exports to
// disc from request to burnt, read-back and released disc.
package access
