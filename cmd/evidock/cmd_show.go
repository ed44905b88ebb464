package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

func init() {
	declare(command{name: "recordings", help: "recordings.help", who: workstationUntilSetUp, needs: store.ActRecordingsSearch, json: jsonArray,
		flags: func(f *cli.Flags) runFunc {
			var filter records.RecordingFilter
			f.StringVar(&filter.DeviceID, "device", "", "flag.only_device")
			f.StringVar(&filter.OfficerID, "officer", "", "flag.only_officer")
			return func(ctx context.Context, x *call) error { return x.recordings(ctx, filter) }
		}},
		command{name: "ledger", help: "ledger.help", who: workstationUntilSetUp, needs: store.ActLedgerRead, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				var filter ledger.Filter
				f.StringVar(&filter.ActionPrefix, "action", "", "ledger.action")
				return func(ctx context.Context, x *call) error { return x.ledger(ctx, filter) }
			}})
}

func (x *call) recordings(ctx context.Context, filter records.RecordingFilter) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	recs, err := records.Recordings(ctx, sess, filter)
	if err != nil {
		return err
	}
	err = printList(x, recs, "recordings.header", func(w io.Writer, r records.Recording) {
		at := r.RecordedAt
		if at.IsZero() {
			at = r.FileTime
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s…\n", r.ID, r.SourcePath, human.Bytes(r.Size),
			at.Local().Format(time.DateTime), r.DeviceID, r.OfficerID, strings.Join(r.Flags, ","), r.SHA256[:16])
	})
	if err != nil || x.json {
		return err
	}
	fmt.Fprintln(x.Stdout, x.tr("recordings.count", len(recs)))
	return nil
}

func (x *call) ledger(ctx context.Context, filter ledger.Filter) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	entries, err := records.Ledger(ctx, sess, filter)
	if err != nil {
		return err
	}
	return printList(x, entries, "ledger.header", func(w io.Writer, e ledger.Entry) {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Local().Format(time.DateTime), e.Actor, e.Action, e.Subject)
	})
}
