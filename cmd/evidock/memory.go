package main

import "runtime/debug"

// importMemoryLimit is the soft limit on the Go heap during an import. The
// copy buffers are reused, so what grows between collections is garbage
// (SQLite's and the media readers' small buffers); collecting before the
// heap doubles keeps an import's peak RSS under 100 MiB (an import of 61
// photos: 106 MiB without it, 80 MiB with it, in the same time). $GOMEMLIMIT,
// when set, decides instead. watch is left alone: with 25 recorders docking
// at once its live heap is near this limit, and the collector would run
// without pause.
const importMemoryLimit = 48 << 20

// limitImportMemory sets importMemoryLimit unless $GOMEMLIMIT is set or
// the command runs inside another program (a test).
func (x *call) limitImportMemory() {
	if x.OwnProcess && x.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}
