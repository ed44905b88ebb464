package recordings

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
	cli.Declare(cli.Command{Name: "recordings", Help: "recordings.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActRecordingsSearch, JSON: cli.JSONArray,
		Flags: func(f *cli.Flags) cli.RunFunc {
			var filter records.RecordingFilter
			f.StringVar(&filter.DeviceID, "device", "", "flag.only_device")
			f.StringVar(&filter.OfficerID, "officer", "", "flag.only_officer")
			return func(ctx context.Context, x *cli.Call) error { return recordings(x, ctx, filter) }
		}},
		cli.Command{Name: "ledger", Help: "ledger.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActLedgerRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter ledger.Filter
				f.StringVar(&filter.ActionPrefix, "action", "", "ledger.action")
				return func(ctx context.Context, x *cli.Call) error { return ledgerCmd(x, ctx, filter) }
			}})
}

func recordings(x *cli.Call, ctx context.Context, filter records.RecordingFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	recs, err := records.Recordings(ctx, sess, filter)
	if err != nil {
		return err
	}
	err = cli.PrintList(x, recs, "recordings.header", func(w io.Writer, r records.Recording) {
		at := r.RecordedAt
		if at.IsZero() {
			at = r.FileTime
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s…\n", r.ID, r.SourcePath, human.Bytes(r.Size),
			at.Local().Format(time.DateTime), r.DeviceID, r.OfficerID, strings.Join(r.Flags, ","), r.SHA256[:16])
	})
	if err != nil || x.JSON {
		return err
	}
	fmt.Fprintln(x.Stdout, x.Tr("recordings.count", len(recs)))
	return nil
}

func ledgerCmd(x *cli.Call, ctx context.Context, filter ledger.Filter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	entries, err := records.Ledger(ctx, sess, filter)
	if err != nil {
		return err
	}
	return cli.PrintList(x, entries, "ledger.header", func(w io.Writer, e ledger.Entry) {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Local().Format(time.DateTime), e.Actor, e.Action, e.Subject)
	})
}
