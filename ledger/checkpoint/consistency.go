package checkpoint

import (
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// ErrRollback means the ledger is smaller than a checkpoint it once had:
// it was rolled back (回滚) to an earlier copy, or entries were cut off.
var ErrRollback = errors.New("回滚 rollback: the ledger is smaller than a checkpoint it signed")

// ErrFork means the ledger is as large as a checkpoint it signed or larger
// but does not contain it: its history was replaced (分叉, a fork).
var ErrFork = errors.New("分叉 fork: the ledger does not contain a checkpoint it signed")

// Check proves that the local tree of size size, whose stored hashes r
// reads, contains checkpoint cp: an RFC 6962 consistency proof from
// cp.Size to size, checked against both roots. It returns an error wrapping
// ErrRollback when size < cp.Size, and ErrFork when the trees disagree.
func Check(cp Checkpoint, size int64, r tlog.HashReader) error {
	if size < cp.Size {
		return fmt.Errorf("checkpoint of %s at %d entries, ledger now %d entries: %w", cp.Origin, cp.Size, size, ErrRollback)
	}
	root, err := tlog.TreeHash(size, r)
	if err != nil {
		return fmt.Errorf("checkpoint: local tree of %d entries: %w", size, err)
	}
	if cp.Size == 0 {
		return nil // the empty tree is in every tree
	}
	proof, err := tlog.ProveTree(size, cp.Size, r)
	if err != nil {
		return fmt.Errorf("checkpoint: consistency proof %d → %d: %w", cp.Size, size, err)
	}
	if err := tlog.CheckTree(proof, size, root, cp.Size, cp.Root); err != nil {
		return fmt.Errorf("checkpoint of %s at %d entries, ledger now %d entries: %w", cp.Origin, cp.Size, size, ErrFork)
	}
	return nil
}
