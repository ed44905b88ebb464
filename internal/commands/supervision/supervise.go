package supervision

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"evidock/followups"
	"evidock/internal/cli"
	"evidock/internal/clock"
	"evidock/regulation"
	"evidock/report"
	"evidock/safekeeping"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "open-items", Help: "open_items.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActOpenitemsRead, JSON: cli.JSONArray,
		Flags: func(f *cli.Flags) cli.RunFunc {
			var filter followups.OpenItemFilter
			f.StringVar(&filter.Officer, "officer", "", "open_items.officer")
			f.StringVar(&filter.Kind, "kind", "", "open_items.kind", strings.Join(followups.ItemKinds, ", "))
			f.StringVar(&filter.From, "from", "", "open_items.from")
			f.StringVar(&filter.To, "to", "", "open_items.to")
			f.IntVar(&filter.Limit, "limit", 0, "open_items.limit")
			return func(ctx context.Context, x *cli.Call) error { return openItems(x, ctx, filter) }
		}},
		cli.Command{Name: "dashboard", Help: "dashboard.help", Who: cli.UserOnly, Needs: store.ActSupervisionRead, JSON: cli.JSONObject,
			Flags: func(f *cli.Flags) cli.RunFunc {
				p := periodFlags(f)
				return func(ctx context.Context, x *cli.Call) error { return dashboard(x, ctx, *p) }
			}},
		cli.Command{Name: "report", Help: "report.help", Who: cli.UserOnly, Needs: store.ActSupervisionRead,
			Flags: func(f *cli.Flags) cli.RunFunc {
				p := periodFlags(f)
				format := f.String("format", "", "report.format")
				out := f.String("out", "", "report.out")
				f.Require("out")
				return func(ctx context.Context, x *cli.Call) error { return reportCmd(x, ctx, *p, *format, *out) }
			}},
		cli.Command{Name: "not-recorded", Help: "not_recorded.help"},
		cli.Command{Name: "not-recorded file", Help: "not_recorded.file.help", Who: cli.UserOnly, Needs: store.ActNotrecordedFile,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var n followups.NotRecorded
				f.StringVar(&n.Day, "date", "", "not_recorded.file.date")
				f.StringVar(&n.Place, "place", "", "not_recorded.file.place")
				f.StringVar(&n.Category, "activity", "", "not_recorded.file.activity", regulation.Categories.Choices())
				f.StringVar(&n.Reason, "reason", "", "not_recorded.file.reason", regulation.NotRecordedGrounds.Choices())
				f.StringVar(&n.Basis, "basis", "", "not_recorded.file.basis")
				f.StringVar(&n.Text, "text", "", "not_recorded.file.text")
				f.StringVar(&n.Officer, "officer", "", "not_recorded.file.officer")
				behalf := cli.OnBehalfFlag(f)
				f.Require("date", "activity", "reason")
				return func(ctx context.Context, x *cli.Call) error { return notRecordedFile(x, ctx, n, behalf) }
			}},
		cli.Command{Name: "not-recorded ack", Args: "ID", Help: "not_recorded.ack.help", Who: cli.UserOnly, Needs: store.ActNotrecordedAck,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "not_recorded.ack.note")
				return func(ctx context.Context, x *cli.Call) error {
					return x.WithID(ctx, func(sess *store.Session, id int64) error {
						if err := followups.AckNotRecorded(ctx, sess, id, *note); err != nil {
							return err
						}
						x.Done("not_recorded.acked", id)
						return nil
					})
				}
			}},
		cli.Command{Name: "not-recorded list", Help: "not_recorded.list.help", Who: cli.UserOnly, Needs: store.ActNotrecordedRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter followups.NotRecordedFilter
				f.StringVar(&filter.Officer, "officer", "", "flag.only_officer")
				f.BoolVar(&filter.Open, "open", false, "not_recorded.list.open")
				return func(ctx context.Context, x *cli.Call) error { return notRecordedList(x, ctx, filter) }
			}})
}

func notRecordedFile(x *cli.Call, ctx context.Context, n followups.NotRecorded, behalf cli.OnBehalf) error {
	var err error
	if n.Category, err = x.Word(regulation.Categories, "activity", n.Category); err != nil {
		return err
	}
	if n.Reason, err = x.Word(regulation.NotRecordedGrounds, "reason", n.Reason); err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	got, err := followups.FileNotRecorded(ctx, behalf.Session(sess), n)
	if err != nil {
		return err
	}
	x.Done("not_recorded.filed", got.ID, got.Officer)
	return nil
}

func notRecordedList(x *cli.Call, ctx context.Context, filter followups.NotRecordedFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	list, err := followups.NotRecordedRecords(ctx, sess, filter)
	if err != nil {
		return err
	}
	return cli.PrintList(x, list, "not_recorded.list.header", func(w io.Writer, n followups.NotRecorded) {
		ack := x.Tr("not_recorded.not_acked")
		if n.Acknowledged() {
			ack = n.AckAt.Local().Format("2006-01-02 15:04") + " " + n.AckBy
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", n.ID, n.Officer, n.Day, n.Place, n.Category, n.Reason, ack)
	})
}

func openItems(x *cli.Call, ctx context.Context, filter followups.OpenItemFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	items, err := followups.OpenItems(ctx, sess, filter)
	if err != nil {
		return err
	}
	return cli.PrintList(x, items, "open_items.header", func(w io.Writer, it followups.OpenItem) {
		at := ""
		if !it.Time.IsZero() {
			at = it.Time.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", it.Kind, it.Ref, it.Officer, it.Device, at, it.Detail)
	})
}

// periodFlags adds --from and --to; the default is this month so far.
func periodFlags(f *cli.Flags) *followups.Period {
	now := clock.Now()
	p := &followups.Period{}
	f.StringVar(&p.From, "from", now.AddDate(0, 0, 1-now.Day()).Format(time.DateOnly), "flag.from")
	f.StringVar(&p.To, "to", now.Format(time.DateOnly), "flag.to")
	return p
}

func dashboard(x *cli.Call, ctx context.Context, p followups.Period) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	d, err := followups.DashboardFor(ctx, sess, p)
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(d)
		return nil
	}
	out := x.Stdout
	fmt.Fprintln(out, x.Tr("dashboard.open"))
	for _, k := range followups.ItemKinds {
		fmt.Fprintf(out, "  %-14s %d\n", k, d.Open[k])
	}
	fmt.Fprintln(out, x.Tr("dashboard.lost", p.From, p.To, d.Lost))
	if d.Hidden > 0 {
		fmt.Fprintln(out, x.Tr("dashboard.hidden", d.Hidden))
	}
	if r := d.Replication; r != nil {
		fmt.Fprintln(out, x.Tr("dashboard.replication", r.Target, r.Entries, (time.Duration(r.Behind)*time.Millisecond).Round(time.Minute)))
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, x.Tr("dashboard.header"))
	for _, o := range append(d.Officers, d.Totals) {
		if o.Officer == "" && o.Name == "" {
			o.Officer = x.Tr("dashboard.total")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%d\t%s\t%s\t%d\t%d\t%d\t%d\t\n", o.Officer, o.Name, o.Recordings, o.OnTime,
			o.Late, o.LateUnexplained, o.Explained, o.Categorised, o.Checkouts, o.Overdue, o.NotRecorded, o.Open)
	}
	return tw.Flush()
}

func reportCmd(x *cli.Call, ctx context.Context, p followups.Period, format, out string) error {
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	}
	f := report.Format(format)
	if f != report.XLSX && f != report.CSV && f != report.PDF {
		return x.Usagef("report.bad_format", format)
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	r, err := followups.MonthlyReport(ctx, sess, p)
	if err != nil {
		return err
	}
	cpFile := out + "." + store.CheckpointFile
	msg, cp, err := safekeeping.Checkpoint(ctx, sess, cpFile)
	if err != nil {
		return err
	}
	if err := cli.WriteFileAtomic(cpFile, msg); err != nil {
		return err
	}
	note := report.CheckpointNote(cp.Origin, cp.Size, base64.StdEncoding.EncodeToString(cp.Root[:]), filepath.Base(cpFile))
	tmp, err := os.CreateTemp(filepath.Dir(out), ".report-*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := report.WriteWithCheckpoint(tmp, f, r, note); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	x.Done("report.wrote", out, f, p.From, p.To, cpFile)
	return nil
}
