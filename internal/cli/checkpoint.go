package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
)

// CheckpointProblem says what a failed checkpoint check means: rollback
// (回滚) and fork (分叉) are different findings.
func (m *Main) CheckpointProblem(r safekeeping.CheckpointResult) string {
	switch r.Problem {
	case "rollback", "fork":
		return m.Tr("checkpoint."+r.Problem, r.Ledger, r.Size, r.Message)
	case "signature":
		return m.Tr("checkpoint.not_signed", r.Message)
	}
	return m.Tr("checkpoint.unreadable", r.Message)
}

// CheckpointResult turns the error of store.CheckCheckpoint into a result
// for checkpointProblem.
func CheckpointResult(err error, size int64) safekeeping.CheckpointResult {
	r := safekeeping.CheckpointResult{Size: size, Problem: "unreadable", Message: err.Error()}
	switch {
	case errors.Is(err, checkpoint.ErrRollback):
		r.Problem = "rollback"
	case errors.Is(err, checkpoint.ErrFork):
		r.Problem = "fork"
	case errors.Is(err, checkpoint.ErrSignature):
		r.Problem = "signature"
	}
	return r
}

// WriteFileAtomic writes b to name through a temp file beside it.
func WriteFileAtomic(name string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
