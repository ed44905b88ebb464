package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"evidock/digest"
	"evidock/internal/cli"
	"evidock/ledger/checkpoint"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	declare(command{name: "checkpoint", help: "checkpoint.help", who: workstationUnlessUser, needs: store.ActCheckpoint, json: jsonObject,
		flags: func(f *cli.Flags) runFunc {
			out := f.String("out", "", "checkpoint.out")
			verifier := f.Bool("verifier", false, "checkpoint.verifier")
			return func(ctx context.Context, x *call) error {
				if *verifier && *out != "" {
					return x.usage()
				}
				if *verifier {
					return x.verifierKeys()
				}
				return x.checkpoint(ctx, *out)
			}
		}})
}

// verifierKeys is `checkpoint --verifier`.
func (x *call) verifierKeys() error {
	st, err := x.open()
	if err != nil {
		return err
	}
	k := st.Keys()
	if x.json {
		x.printJSON(map[string]string{"origin": k.Origin, "ed25519": k.Ed25519Verifier, "sm2": k.SM2Verifier})
	} else {
		fmt.Fprintln(x.Stdout, k.Ed25519Verifier)
		fmt.Fprintln(x.Stdout, k.SM2Verifier)
	}
	return nil
}

func (x *call) checkpoint(ctx context.Context, out string) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	where := "stdout"
	if out != "" {
		abs, err := filepath.Abs(out)
		if err != nil {
			return x.usagef("usage.bad_value", "--out", err)
		}
		where = abs
	}
	msg, cp, err := safekeeping.Checkpoint(ctx, sess, where)
	if err != nil {
		return err
	}
	if out != "" {
		if err := writeFileAtomic(out, msg); err != nil {
			return err
		}
	}
	switch {
	case x.json:
		x.printJSON(map[string]any{"origin": cp.Origin, "size": cp.Size,
			"root": base64.StdEncoding.EncodeToString(cp.Root[:]), "checkpoint": string(msg), "file": out})
	case out == "":
		x.Stdout.Write(msg)
	default:
		x.done("checkpoint.wrote", cp.Origin, cp.Size, out)
	}
	return nil
}

// verifyCheckpoints is `verify --checkpoint FILE …`: each file's
// signatures, and that the ledger contains it.
func (x *call) verifyCheckpoints(ctx context.Context, files []string, kernels []digest.Kernel) error {
	msgs := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return x.usagef("usage.bad_value", "--checkpoint", err)
		}
		msgs[i] = b
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	res, err := safekeeping.VerifyCheckpoints(ctx, sess, files, msgs)
	if err != nil {
		return err
	}
	ok := true
	for _, r := range res {
		ok = ok && r.Problem == ""
	}
	if x.json {
		x.printJSON(map[string]any{"ok": ok, "checkpoints": res, "kernels": kernels})
	} else {
		for _, r := range res {
			if r.Problem == "" {
				fmt.Fprintln(x.Stdout, x.tr("checkpoint.ok", r.Name, r.Origin, r.Size, r.Ledger))
				continue
			}
			fmt.Fprintf(x.Stdout, "%s: %s\n", r.Name, x.checkpointProblem(r))
		}
	}
	if !ok {
		return cli.ErrFailed
	}
	return nil
}

// checkpointProblem says what a failed checkpoint check means: rollback
// (回滚) and fork (分叉) are different findings.
func (m *Main) checkpointProblem(r safekeeping.CheckpointResult) string {
	switch r.Problem {
	case "rollback", "fork":
		return m.tr("checkpoint."+r.Problem, r.Ledger, r.Size, r.Message)
	case "signature":
		return m.tr("checkpoint.not_signed", r.Message)
	}
	return m.tr("checkpoint.unreadable", r.Message)
}

// checkpointResult turns the error of store.CheckCheckpoint into a result
// for checkpointProblem.
func checkpointResult(err error, size int64) safekeeping.CheckpointResult {
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

// writeFileAtomic writes b to name through a temp file beside it.
func writeFileAtomic(name string, b []byte) error {
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

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}
