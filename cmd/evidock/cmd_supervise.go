package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"evidock/internal/clock"
	"evidock/regulation"
	"evidock/report"
	"evidock/store"
)

func init() {
	register(command{name: "open-items", usage: "open-items [--officer NUMBER] [--kind KIND] [--from DATE] [--to DATE] [--json]",
		help: "what still waits for an answer (kinds: " + strings.Join(store.ItemKinds, ", ") + ")", run: (*Main).openItemsCmd})
	register(command{name: "dashboard", usage: "dashboard [--from DATE] [--to DATE] [--json]",
		help: "the supervisor's figures for a period (default: this month)", run: (*Main).dashboardCmd})
	register(command{name: "report", usage: "report --from DATE --to DATE --format xlsx|csv|pdf --out FILE",
		help: "write the supervisor's monthly report (督查报表: officers, activity types, interruptions, late imports, work records, recorders by state, violations, a bar chart)", run: (*Main).reportCmd})
}

var notRecordedVerbs map[string]subcommand

func init() {
	notRecordedVerbs = map[string]subcommand{
		"file": {usage: "file --date DATE --place TEXT --activity CATEGORY --reason REASON --basis TEXT --text TEXT [--officer NUMBER --on-behalf REASON]",
			help: "file a work record for an activity not recorded (Art. 7 " + choices(regulation.NotRecordedGrounds) + "); your own, or a supervisor or leader for an officer, on their behalf",
			run:  (*Main).notRecordedFile},
		"ack":  {usage: "ack ID [--note TEXT]", help: "acknowledge a work record (leader)", run: (*Main).notRecordedAck},
		"list": {usage: "list [--officer NUMBER] [--open] [--json]", help: "list work records", run: (*Main).notRecordedList},
	}
	registerVerbs("not-recorded", "not-recorded file|ack|list ...",
		"\"not recorded\" work records (工作记录, Art. 7): file, acknowledge, list", notRecordedVerbs)
}

func (m *Main) notRecordedFile(ctx context.Context, args []string) int {
	fs := m.verbFlags("not-recorded file", notRecordedVerbs["file"])
	var n store.NotRecorded
	fs.StringVar(&n.Day, "date", "", "date of the activity, YYYY-MM-DD")
	fs.StringVar(&n.Place, "place", "", "where")
	fs.StringVar(&n.Category, "activity", "", "activity type: key or word of "+choices(regulation.Categories))
	fs.StringVar(&n.Reason, "reason", "", "why it was not recorded: key or word of "+choices(regulation.NotRecordedGrounds))
	fs.StringVar(&n.Basis, "basis", "", "the rule or instruction relied on")
	fs.StringVar(&n.Text, "text", "", "what happened")
	fs.StringVar(&n.Officer, "officer", "", "the officer it is for (a supervisor or leader, with --on-behalf)")
	behalf := onBehalfFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if n.Day == "" || n.Reason == "" || n.Category == "" {
		fs.Usage()
		return exitUsage
	}
	var err error
	if n.Category, err = word(regulation.Categories, "activity", n.Category); err != nil {
		return m.fail(err)
	}
	if n.Reason, err = word(regulation.NotRecordedGrounds, "reason", n.Reason); err != nil {
		return m.fail(err)
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		got, err := behalf.session(sess).FileNotRecorded(ctx, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "work record %d filed for officer %s; it goes to the leader\n", got.ID, got.Officer)
		return nil
	})
}

func (m *Main) notRecordedAck(ctx context.Context, args []string) int {
	fs := m.verbFlags("not-recorded ack", notRecordedVerbs["ack"])
	note := fs.String("note", "", "the leader's note")
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	var id int64
	if len(pos) == 1 {
		id, _ = strconv.ParseInt(pos[0], 10, 64)
	}
	if id <= 0 {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.AckNotRecorded(ctx, id, *note); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "work record %d acknowledged\n", id)
		return nil
	})
}

func (m *Main) notRecordedList(ctx context.Context, args []string) int {
	fs := m.verbFlags("not-recorded list", notRecordedVerbs["list"])
	var f store.NotRecordedFilter
	fs.StringVar(&f.Officer, "officer", "", "only this officer")
	fs.BoolVar(&f.Open, "open", false, "only those not acknowledged")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		list, err := sess.NotRecordedRecords(ctx, f)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, list, "ID\tOFFICER\tDATE\tPLACE\tACTIVITY\tREASON\tACKNOWLEDGED", func(w io.Writer, n store.NotRecorded) {
			ack := "no"
			if n.Acknowledged() {
				ack = n.AckAt.Local().Format("2006-01-02 15:04") + " " + n.AckBy
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", n.ID, n.Officer, n.Day, n.Place, n.Category, n.Reason, ack)
		})
	})
}

func (m *Main) openItemsCmd(ctx context.Context, args []string) int {
	fs := m.flags("open-items")
	var f store.OpenItemFilter
	fs.StringVar(&f.Officer, "officer", "", "only this officer's (officers see only their own)")
	fs.StringVar(&f.Kind, "kind", "", "only this kind: "+strings.Join(store.ItemKinds, ", "))
	fs.StringVar(&f.From, "from", "", "items of this day or later, YYYY-MM-DD")
	fs.StringVar(&f.To, "to", "", "items of this day or earlier, YYYY-MM-DD")
	fs.IntVar(&f.Limit, "limit", 0, "at most this many of each kind (0: all)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		items, err := sess.OpenItems(ctx, f)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, items, "KIND\tREF\tOFFICER\tDEVICE\tTIME\tDETAIL", func(w io.Writer, it store.OpenItem) {
			at := ""
			if !it.Time.IsZero() {
				at = it.Time.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", it.Kind, it.Ref, it.Officer, it.Device, at, it.Detail)
		})
	})
}

// periodFlags adds --from and --to; the default is this month so far.
func periodFlags(fs interface {
	StringVar(*string, string, string, string)
}, p *store.Period) {
	now := clock.Now()
	fs.StringVar(&p.From, "from", now.AddDate(0, 0, 1-now.Day()).Format(time.DateOnly), "first day, YYYY-MM-DD")
	fs.StringVar(&p.To, "to", now.Format(time.DateOnly), "last day, YYYY-MM-DD")
}

func (m *Main) dashboardCmd(ctx context.Context, args []string) int {
	fs := m.flags("dashboard")
	var p store.Period
	periodFlags(fs, &p)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		d, err := sess.Dashboard(ctx, p)
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(d)
			return nil
		}
		fmt.Fprintf(m.Stdout, "Open items (all):\n")
		for _, k := range store.ItemKinds {
			fmt.Fprintf(m.Stdout, "  %-14s %d\n", k, d.Open[k])
		}
		fmt.Fprintf(m.Stdout, "Recorders reported lost %s – %s: %d\n", p.From, p.To, d.Lost)
		if d.Hidden > 0 {
			fmt.Fprintf(m.Stdout, "%d 条涉密记录未显示 (%d classified recordings beyond your clearance are left out)\n", d.Hidden, d.Hidden)
		}
		fmt.Fprintln(m.Stdout)
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "OFFICER\tNAME\tRECORDINGS\tON TIME\tLATE\tUNEXPLAINED\tGAPS EXPLAINED\tCATEGORISED\tCHECKOUTS\tOVERDUE\tNOT RECORDED\t")
		for _, o := range append(d.Officers, d.Totals) {
			if o.Officer == "" && o.Name == "" {
				o.Officer = "total"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%d\t%s\t%s\t%d\t%d\t%d\t\n", o.Officer, o.Name, o.Recordings, o.OnTime,
				o.Late, o.LateUnexplained, o.Explained, o.Categorised, o.Checkouts, o.Overdue, o.NotRecorded)
		}
		return tw.Flush()
	})
}

func (m *Main) reportCmd(ctx context.Context, args []string) int {
	fs := m.flags("report")
	var p store.Period
	periodFlags(fs, &p)
	format := fs.String("format", "", "xlsx, csv or pdf (default: from --out)")
	out := fs.String("out", "", "the file to write")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	f := report.Format(*format)
	if f != report.XLSX && f != report.CSV && f != report.PDF {
		return m.fail(usageError{fmt.Sprintf("format %q: give xlsx, csv or pdf", *format)})
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		r, err := sess.MonthlyReport(ctx, p)
		if err != nil {
			return err
		}
		cpFile := *out + "." + store.CheckpointFile
		msg, cp, err := sess.Checkpoint(ctx, cpFile)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(cpFile, msg); err != nil {
			return err
		}
		note := report.CheckpointNote(cp.Origin, cp.Size, base64.StdEncoding.EncodeToString(cp.Root[:]), filepath.Base(cpFile))
		tmp, err := os.CreateTemp(filepath.Dir(*out), ".report-*")
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
		if err := os.Rename(tmp.Name(), *out); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		fmt.Fprintf(m.Stdout, "wrote %s (%s, %s – %s) and its ledger checkpoint %s (check it with verify --checkpoint)\n", *out, f, p.From, p.To, cpFile)
		return nil
	})
}
