package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/internal/human"
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
		err = printList(m, *asJSON, recs, "ID\tFILE\tSIZE\tRECORDED\tDEVICE\tOFFICER\tFLAGS\tSHA-256", func(w io.Writer, r store.Recording) {
			at := r.RecordedAt
			if at.IsZero() {
				at = r.FileTime
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s…\n", r.ID, r.SourcePath, human.Bytes(r.Size),
				at.Local().Format(time.DateTime), r.DeviceID, r.OfficerID, strings.Join(r.Flags, ","), r.SHA256[:16])
		})
		if err != nil || *asJSON {
			return err
		}
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
		return printList(m, *asJSON, entries, "SEQ\tTIME\tACTOR\tACTION\tSUBJECT", func(w io.Writer, e store.Entry) {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Local().Format(time.DateTime), e.Actor, e.Action, e.Subject)
		})
	})
}
