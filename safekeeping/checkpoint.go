package safekeeping

import (
	"context"
	"errors"
	"fmt"

	"evidock/ledger/checkpoint"
	"evidock/store"
)

// Checkpoint signs the ledger's current tree head. where says where the
// checkpoint goes (a file, a disc, "stdout"); the checkpoint is a ledger
// entry, written after the head it signs.
func Checkpoint(ctx context.Context, sess *store.Session, where string) ([]byte, checkpoint.Checkpoint, error) {
	if err := sess.Check(ctx, store.ActCheckpoint, where); err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	h, err := sess.Store().Head(ctx)
	if err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	msg, err := sess.Store().SignHead(h)
	if err != nil {
		return nil, checkpoint.Checkpoint{}, err
	}
	cp := checkpoint.Checkpoint{Origin: sess.Store().Keys().Origin, Size: h.Size, Root: h.Root}
	if _, err := sess.Log(ctx, "checkpoint", where, map[string]any{"size": h.Size, "root": h.Root, "origin": cp.Origin}); err != nil {
		return nil, cp, fmt.Errorf("store: record checkpoint: %w", err)
	}
	return msg, cp, nil
}

// CheckpointResult is one checkpoint VerifyCheckpoints looked at.
type CheckpointResult struct {
	Name   string `json:"name"`
	Origin string `json:"origin,omitempty"`
	Size   int64  `json:"size"`
	Ledger int64  `json:"ledger"` // the ledger's size now
	// Problem is "" when the checkpoint verified; else "signature",
	// "rollback" or "fork" (or "unreadable"), with Message saying it.
	Problem string `json:"problem,omitempty"`
	Message string `json:"message,omitempty"`
}

// VerifyCheckpoints checks signed checkpoints (named by where they came
// from) against the ledger: each must carry both of this workstation's
// signatures and be contained in the ledger. The check is a ledger entry.
func VerifyCheckpoints(ctx context.Context, sess *store.Session, names []string, msgs [][]byte) ([]CheckpointResult, error) {
	if err := sess.Check(ctx, store.ActVerify, ""); err != nil {
		return nil, err
	}
	h, err := sess.Store().Head(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CheckpointResult, len(msgs))
	for i, msg := range msgs {
		r := CheckpointResult{Name: names[i], Ledger: h.Size}
		sc, err := sess.Store().CheckCheckpoint(ctx, msg)
		r.Origin, r.Size = sc.Origin, sc.Size
		switch {
		case err == nil:
		case errors.Is(err, checkpoint.ErrRollback):
			r.Problem = "rollback"
		case errors.Is(err, checkpoint.ErrFork):
			r.Problem = "fork"
		case errors.Is(err, checkpoint.ErrSignature):
			r.Problem = "signature"
		default:
			r.Problem = "unreadable"
		}
		if err != nil {
			r.Message = err.Error()
		}
		out[i] = r
	}
	if _, err := sess.Log(ctx, "checkpoint.verify", "", map[string]any{"checkpoints": out}); err != nil {
		return out, fmt.Errorf("store: record checkpoint check: %w", err)
	}
	return out, nil
}
