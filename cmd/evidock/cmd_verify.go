package main

import (
	"context"
	"fmt"

	"evidock/store"
)

func init() {
	register(command{name: "verify", usage: "verify [--json]",
		help: "recompute the ledger's hash tree and re-hash every archived file", run: (*Main).verifyCmd})
}

func (m *Main) verifyCmd(ctx context.Context, args []string) int {
	fs := m.flags("verify")
	asJSON := fs.Bool("json", false, "print {ok, entries, files, problems}")
	if code, ok := parse(fs, args); !ok {
		return code
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
		}
		if !rep.OK {
			return errProblems
		}
		return nil
	})
}
