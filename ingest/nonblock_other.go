//go:build !unix

package ingest

// nonBlocking is nothing where opening cannot block on a pipe's writer.
const nonBlocking = 0
