package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
	"evidock/store"
)

// ID reads positional argument i as the number of something numbered (a
// request, an export): a positive whole number, else a usage error.
func (x *Call) ID(i int) (int64, error) {
	id, err := strconv.ParseInt(x.Args[i], 10, 64)
	if err != nil || id <= 0 {
		return 0, x.Usagef("usage.not_a_number", x.Args[i])
	}
	return id, nil
}

// OneLine makes text safe for one cell of a terminal table: control
// characters (escape sequences, line breaks) are shown as Go escapes.
func OneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

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

// OnBehalf is the --on-behalf flag of the commands that answer an
// officer's follow-up questions: the officer answers their own; a
// supervisor or leader answers for them only with this reason.
type OnBehalf struct{ reason *string }

// OnBehalfFlag declares --on-behalf on f.
func OnBehalfFlag(f *Flags) OnBehalf {
	return OnBehalf{f.String("on-behalf", "", "flag.on_behalf")}
}

// Session is sess, acting on the officer's behalf when --on-behalf gave a
// reason.
func (o OnBehalf) Session(sess *store.Session) *store.Session {
	if *o.reason == "" {
		return sess
	}
	return sess.OnBehalf(*o.reason)
}
