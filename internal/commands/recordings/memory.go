package recordings

import (
	"runtime/debug"

	"evidock/internal/cli"
)

// importMemoryLimit is the soft limit on the Go heap during an import. The
// copy buffers are reused, so what grows between collections is garbage
// (SQLite's and the media readers' small buffers); collecting before the
// heap doubles keeps an import's peak RSS under 100 MiB. Measured in one
// run of bench/import.sh (1 GiB, 2 cores): no limit 97 MiB at 0.98 ×
// max(cp, sm3); 48 MiB 72 MiB at 1.28 × (the collector competes with the
// hashing); 64 MiB 85 MiB at 1.00 ×. An import of 61 photos: 106 MiB
// without it, 84 MiB with it. $GOMEMLIMIT, when set, decides instead. watch is left alone: with 25 recorders docking
// at once its live heap is near this limit, and the collector would run
// without pause.
const importMemoryLimit = 64 << 20

// limitImportMemory sets importMemoryLimit unless $GOMEMLIMIT is set or
// the command runs inside another program (a test).
func limitImportMemory(x *cli.Call) {
	if x.OwnProcess && x.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}
