// Package archive owns the write-once, content-addressed folder of
// recordings: files named by their SHA-256, written through a temp file,
// synced and sealed read-only, never overwritten ([Archive]); the fixity
// check that re-hashes one against its recorded digests ([CheckFile]);
// and the room reserved on its disk before each copy ([Room]).
package archive
