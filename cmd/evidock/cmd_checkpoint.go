package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"evidock/checkpoint"
	"evidock/store"
)

func init() {
	register(command{name: "checkpoint", usage: "checkpoint [--out FILE] [--json] | checkpoint --verifier [--json]",
		help: "write the ledger's signed checkpoint (C2SP, Ed25519 + SM2), or print the verifier keys", run: (*Main).checkpointCmd})
}

func (m *Main) checkpointCmd(ctx context.Context, args []string) int {
	fs := m.flags("checkpoint")
	out := fs.String("out", "", "write the checkpoint to FILE instead of standard output")
	verifier := fs.Bool("verifier", false, "print the two verifier keys (Ed25519 first, then SM2), one a line")
	asJSON := fs.Bool("json", false, "print {origin, size, root, checkpoint} (with --verifier: {origin, ed25519, sm2})")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || *verifier && *out != "" {
		fs.Usage()
		return exitUsage
	}
	if *verifier {
		st, err := m.open()
		if err != nil {
			return m.fail(err)
		}
		defer st.Close()
		k := st.Keys()
		if *asJSON {
			m.printJSON(map[string]string{"origin": k.Origin, "ed25519": k.Ed25519Verifier, "sm2": k.SM2Verifier})
		} else {
			fmt.Fprintln(m.Stdout, k.Ed25519Verifier)
			fmt.Fprintln(m.Stdout, k.SM2Verifier)
		}
		return exitOK
	}
	return m.unattended(ctx, func(sess *store.Session) error {
		where := "stdout"
		if *out != "" {
			abs, err := filepath.Abs(*out)
			if err != nil {
				return usageError{fmt.Sprintf("--out %s: %v", *out, err)}
			}
			where = abs
		}
		msg, cp, err := sess.Checkpoint(ctx, where)
		if err != nil {
			return err
		}
		if *out != "" {
			if err := writeFileAtomic(*out, msg); err != nil {
				return err
			}
		}
		switch {
		case *asJSON:
			m.printJSON(map[string]any{"origin": cp.Origin, "size": cp.Size,
				"root": base64.StdEncoding.EncodeToString(cp.Root[:]), "checkpoint": string(msg), "file": *out})
		case *out == "":
			m.Stdout.Write(msg)
		default:
			fmt.Fprintf(m.Stdout, "checkpoint of %s at %d entries written to %s\n", cp.Origin, cp.Size, *out)
		}
		return nil
	})
}

// verifyCheckpoints is `verify --checkpoint FILE …`: each file's
// signatures, and that the ledger contains it.
func (m *Main) verifyCheckpoints(ctx context.Context, files []string, asJSON bool) int {
	msgs := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return m.fail(usageError{fmt.Sprintf("--checkpoint: %v", err)})
		}
		msgs[i] = b
	}
	return m.with(ctx, workstationAlways, func(sess *store.Session) error {
		res, err := sess.VerifyCheckpoints(ctx, files, msgs)
		if err != nil {
			return err
		}
		ok := true
		for _, r := range res {
			ok = ok && r.Problem == ""
		}
		if asJSON {
			m.printJSON(map[string]any{"ok": ok, "checkpoints": res})
		} else {
			for _, r := range res {
				if r.Problem == "" {
					fmt.Fprintf(m.Stdout, "%s: OK: checkpoint of %s at %d entries is in the ledger (now %d entries)\n", r.Name, r.Origin, r.Size, r.Ledger)
					continue
				}
				fmt.Fprintf(m.Stdout, "%s: %s\n", r.Name, checkpointProblem(r))
			}
		}
		if !ok {
			return errProblems
		}
		return nil
	})
}

// checkpointProblem says what a failed checkpoint check means, in both
// languages: rollback (回滚) and fork (分叉) are different findings.
func checkpointProblem(r store.CheckpointResult) string {
	switch r.Problem {
	case "rollback":
		return fmt.Sprintf("ROLLBACK 回滚: the ledger has %d entries but signed a checkpoint of %d: it was rolled back to an earlier copy or entries were cut off (%s)", r.Ledger, r.Size, r.Message)
	case "fork":
		return fmt.Sprintf("FORK 分叉: the ledger (%d entries) does not contain the checkpoint of %d entries it signed: its history was replaced (%s)", r.Ledger, r.Size, r.Message)
	case "signature":
		return "NOT SIGNED by this workstation 签名无效: " + r.Message
	}
	return "unreadable: " + r.Message
}

// checkpointResult turns the error of store.CheckCheckpoint into a result
// for checkpointProblem.
func checkpointResult(err error, size int64) store.CheckpointResult {
	r := store.CheckpointResult{Size: size, Problem: "unreadable", Message: err.Error()}
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
