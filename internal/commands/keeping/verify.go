package keeping

import (
	"context"
	"fmt"
	"strings"

	"evidock/digest"
	"evidock/internal/cli"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "verify", Help: "verify.help", Who: cli.WorkstationAlways, Needs: store.ActVerify, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			var checkpoints listFlag
			f.Var(&checkpoints, "checkpoint", "verify.checkpoint")
			bucket := bucketFlags(f)
			quick := f.Bool("quick", false, "verify.quick")
			return func(ctx context.Context, x *cli.Call) error {
				if len(checkpoints) > 0 && bucket.given() {
					return x.Usage()
				}
				kernels, err := selfTest(x)
				if err != nil {
					return err
				}
				switch {
				case len(checkpoints) > 0:
					return verifyCheckpoints(x, ctx, checkpoints, kernels)
				case bucket.given():
					return verifyBucket(x, ctx, bucket, *quick, kernels)
				}
				return verifyArchive(x, ctx, kernels)
			}
		}})
}

// selfTest runs the known-answer test of every hash kernel verify computes
// with, before it computes anything: a kernel that is wrong here would call
// intact files tampered, or worse, tampered files intact. A failure is a
// fault (exit 3) and nothing is verified.
func selfTest(x *cli.Call) ([]digest.Kernel, error) {
	test := x.SelfTest
	if test == nil {
		test = digest.SelfTest
	}
	kernels, err := test()
	if err != nil {
		return nil, err
	}
	if !x.JSON {
		fmt.Fprintln(x.Stdout, x.Tr("verify.kernels", kernelNames(kernels)))
	}
	return kernels, nil
}

// kernelNames lists kernels for a person: "SHA-256 crypto/sha256; SM3 …".
func kernelNames(ks []digest.Kernel) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return strings.Join(names, "; ")
}

// verifyJSON is what `verify --json` prints: the report and the kernels
// that computed it.
type verifyJSON struct {
	*safekeeping.VerifyReport
	Kernels []digest.Kernel `json:"kernels"`
}

func verifyArchive(x *cli.Call, ctx context.Context, kernels []digest.Kernel) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	var progress func(safekeeping.VerifyProgress)
	if !x.JSON && cli.IsTerminal(x.Stderr) {
		progress = func(p safekeeping.VerifyProgress) {
			fmt.Fprintf(x.Stderr, "\r%s   ", x.Tr("verify.progress", x.Tr("verify.phase."+p.Phase), p.Done, p.Total))
		}
	}
	rep, err := safekeeping.Verify(ctx, sess, progress)
	if progress != nil {
		fmt.Fprintln(x.Stderr)
	}
	if err != nil {
		return err
	}
	if x.JSON {
		if rep.Problems == nil {
			rep.Problems = []store.Problem{}
		}
		x.PrintJSON(verifyJSON{&rep, kernels})
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(x.Stdout, p.String())
		}
		if rep.OK {
			fmt.Fprintln(x.Stdout, x.Tr("verify.intact", rep.Entries, rep.Files))
		} else {
			fmt.Fprintln(x.Stdout, x.Tr("verify.problems", len(rep.Problems), rep.Entries, rep.Files))
		}
		if rep.Unrecorded {
			fmt.Fprintln(x.Stdout, x.Tr("verify.unrecorded"))
		}
	}
	if !rep.OK {
		return cli.ErrFailed
	}
	return nil
}
