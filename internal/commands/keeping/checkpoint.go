package keeping

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"evidock/digest"
	"evidock/internal/cli"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "checkpoint", Help: "checkpoint.help", Who: cli.WorkstationUnlessUser, Needs: store.ActCheckpoint, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			out := f.String("out", "", "checkpoint.out")
			verifier := f.Bool("verifier", false, "checkpoint.verifier")
			return func(ctx context.Context, x *cli.Call) error {
				if *verifier && *out != "" {
					return x.Usage()
				}
				if *verifier {
					return verifierKeys(x)
				}
				return checkpointCmd(x, ctx, *out)
			}
		}})
}

// verifierKeys is `checkpoint --verifier`.
func verifierKeys(x *cli.Call) error {
	st, err := x.Open()
	if err != nil {
		return err
	}
	k := st.Keys()
	if x.JSON {
		x.PrintJSON(map[string]string{"origin": k.Origin, "ed25519": k.Ed25519Verifier, "sm2": k.SM2Verifier})
	} else {
		fmt.Fprintln(x.Stdout, k.Ed25519Verifier)
		fmt.Fprintln(x.Stdout, k.SM2Verifier)
	}
	return nil
}

func checkpointCmd(x *cli.Call, ctx context.Context, out string) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	where := "stdout"
	if out != "" {
		abs, err := filepath.Abs(out)
		if err != nil {
			return x.Usagef("usage.bad_value", "--out", err)
		}
		where = abs
	}
	msg, cp, err := safekeeping.Checkpoint(ctx, sess, where)
	if err != nil {
		return err
	}
	if out != "" {
		if err := cli.WriteFileAtomic(out, msg); err != nil {
			return err
		}
	}
	switch {
	case x.JSON:
		x.PrintJSON(map[string]any{"origin": cp.Origin, "size": cp.Size,
			"root": base64.StdEncoding.EncodeToString(cp.Root[:]), "checkpoint": string(msg), "file": out})
	case out == "":
		x.Stdout.Write(msg)
	default:
		x.Done("checkpoint.wrote", cp.Origin, cp.Size, out)
	}
	return nil
}

// verifyCheckpoints is `verify --checkpoint FILE …`: each file's
// signatures, and that the ledger contains it.
func verifyCheckpoints(x *cli.Call, ctx context.Context, files []string, kernels []digest.Kernel) error {
	msgs := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return x.Usagef("usage.bad_value", "--checkpoint", err)
		}
		msgs[i] = b
	}
	sess, err := x.Session(ctx)
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
	if x.JSON {
		x.PrintJSON(map[string]any{"ok": ok, "checkpoints": res, "kernels": kernels})
	} else {
		for _, r := range res {
			if r.Problem == "" {
				fmt.Fprintln(x.Stdout, x.Tr("checkpoint.ok", r.Name, r.Origin, r.Size, r.Ledger))
				continue
			}
			fmt.Fprintf(x.Stdout, "%s: %s\n", r.Name, x.CheckpointProblem(r))
		}
	}
	if !ok {
		return cli.ErrFailed
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
