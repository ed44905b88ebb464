package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"evidock/store"
)

func init() {
	register(command{name: "recordings", usage: "recordings [--device ID] [--officer ID] [--json]",
		help: "list archived recordings (the lookup is recorded in the ledger)", run: (*Main).recordingsCmd})
	register(command{name: "ledger", usage: "ledger [--action PREFIX] [--json]",
		help: "list ledger entries", run: (*Main).ledgerCmd})
}

func (m *Main) recordingsCmd(ctx context.Context, args []string) int {
	fs := m.flags("recordings")
	device := fs.String("device", "", "only this recorder")
	officer := fs.String("officer", "", "only this officer")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		recs, err := sess.Recordings(ctx, store.RecordingFilter{DeviceID: *device, OfficerID: *officer})
		if err != nil {
			return err
		}
		if *asJSON {
			if recs == nil {
				recs = []store.Recording{}
			}
			m.printJSON(recs)
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tFILE\tSIZE\tRECORDED\tDEVICE\tOFFICER\tFLAGS\tSHA-256")
		for _, r := range recs {
			at := r.RecordedAt
			if at.IsZero() {
				at = r.FileTime
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s…\n", r.ID, r.SourcePath, humanBytes(r.Size),
				at.Local().Format(time.DateTime), r.DeviceID, r.OfficerID, strings.Join(r.Flags, ","), r.SHA256[:16])
		}
		tw.Flush()
		fmt.Fprintf(m.Stdout, "%d recordings\n", len(recs))
		return nil
	})
}

func (m *Main) ledgerCmd(ctx context.Context, args []string) int {
	fs := m.flags("ledger")
	action := fs.String("action", "", "only actions starting with this, e.g. recording. or import.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		entries, err := sess.Ledger(ctx, store.LedgerFilter{ActionPrefix: *action})
		if err != nil {
			return err
		}
		if *asJSON {
			if entries == nil {
				entries = []store.Entry{}
			}
			m.printJSON(entries)
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tACTION\tSUBJECT")
		for _, e := range entries {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Local().Format(time.DateTime), e.Actor, e.Action, e.Subject)
		}
		return tw.Flush()
	})
}
