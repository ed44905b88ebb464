package main

import (
	"context"
	"fmt"

	"evidock/store"
)

func init() {
	register(command{name: "verify", usage: "verify [--json] | verify --checkpoint FILE… [--json] | verify --endpoint URL --bucket NAME [--json]",
		help: "recompute the ledger's hash tree and re-hash every archived file; or check signed checkpoints, or a replica bucket", run: (*Main).verifyCmd})
}

func (m *Main) verifyCmd(ctx context.Context, args []string) int {
	fs := m.flags("verify")
	asJSON := fs.Bool("json", false, "print {ok, entries, files, problems}")
	var checkpoints listFlag
	fs.Var(&checkpoints, "checkpoint", "instead: check this signed checkpoint against the ledger (rollback 回滚, fork 分叉); repeatable")
	bucket := m.bucketFlags(fs)
	quick := fs.Bool("quick", false, "with --endpoint: compare sizes and recorded hashes without reading the objects back")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 || len(checkpoints) > 0 && bucket.given() {
		fs.Usage()
		return exitUsage
	}
	if len(checkpoints) > 0 {
		return m.verifyCheckpoints(ctx, checkpoints, *asJSON)
	}
	if bucket.given() {
		return m.verifyBucket(ctx, bucket, *quick, *asJSON)
	}
	return m.with(ctx, workstationAlways, func(sess *store.Session) error {
		var progress func(store.VerifyProgress)
		if !*asJSON && isTerminal(m.Stderr) {
			progress = func(p store.VerifyProgress) {
				fmt.Fprintf(m.Stderr, "\rchecking %s: %d/%d   ", p.Phase, p.Done, p.Total)
			}
		}
		rep, err := sess.Verify(ctx, progress)
		if progress != nil {
			fmt.Fprintln(m.Stderr)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			if rep.Problems == nil {
				rep.Problems = []store.Problem{}
			}
			m.printJSON(rep)
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintln(m.Stdout, p.String())
			}
			if rep.OK {
				fmt.Fprintf(m.Stdout, "all intact: %d ledger entries, %d archived files\n", rep.Entries, rep.Files)
			} else {
				fmt.Fprintf(m.Stdout, "%d problems (%d ledger entries, %d archived files checked)\n", len(rep.Problems), rep.Entries, rep.Files)
			}
			if rep.Unrecorded {
				fmt.Fprintln(m.Stdout, "磁盘已满：本次核对未能记入台账 (the disk is full: this check could not be written to the ledger)")
			}
		}
		if !rep.OK {
			return errProblems
		}
		return nil
	})
}
