package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

func init() {
	register(command{name: "timeline", usage: "timeline --device SERIAL --date YYYY-MM-DD [--json]",
		help: "one recorder's clips and interruptions on a day", run: (*Main).timelineCmd})
	register(command{name: "explain", usage: "explain --gap ID --reason REASON [--text TEXT] [--stated] [--on-behalf REASON]",
		help: "explain an interruption (Art. 11 " + choices(regulation.Interruptions) + ")", run: (*Main).explainCmd})
	register(command{name: "categorize", usage: "categorize --recordings ID[,ID] --category CATEGORY [--on-behalf REASON]",
		help: "set the activity type (Art. 6 " + choices(regulation.Categories) + ")", run: (*Main).categorizeCmd})
	register(command{name: "late-reason", usage: "late-reason --recordings ID[,ID] --reason TEXT [--on-behalf REASON]",
		help: "say why recordings were imported late", run: (*Main).lateReasonCmd})
}

func (m *Main) timelineCmd(ctx context.Context, args []string) int {
	fs := m.flags("timeline")
	device := fs.String("device", "", "the recorder's serial")
	date := fs.String("date", "", "the day, YYYY-MM-DD (local time)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *device == "" || *date == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		t, err := sess.Timeline(ctx, *device, *date)
		if err != nil {
			return err
		}
		if *asJSON {
			m.printJSON(t)
			return nil
		}
		fmt.Fprintf(m.Stdout, "%s %s: %d clips", t.DeviceID, t.Day, len(t.Clips))
		if len(t.Clips) > 0 {
			fmt.Fprintf(m.Stdout, ", %s – %s, %s recorded", t.Start.Local().Format(time.TimeOnly), t.End.Local().Format(time.TimeOnly), t.Recorded.Round(time.Second))
		}
		fmt.Fprintln(m.Stdout)
		for _, c := range t.Clips {
			fmt.Fprintf(m.Stdout, "  %s  %8s  %s  (time from %s)  %s\n", c.Start.Local().Format(time.TimeOnly), c.Duration.Round(time.Second),
				c.Name, c.TimeSource, strings.Join(c.Flags, ","))
			if slices.Contains(c.Flags, store.FlagTimeConflict) {
				fmt.Fprintf(m.Stdout, "      时间不一致 time conflict: name %s, metadata %s; the name's time is used\n",
					c.NameTime.Local().Format(time.DateTime), c.MetadataTime.Local().Format(time.DateTime))
			}
			printHistory(m.Stdout, c.History)
		}
		for _, g := range t.Gaps {
			state := "NOT EXPLAINED"
			if g.Explained {
				state = "explained: " + g.Reason
			}
			fmt.Fprintf(m.Stdout, "  gap %d: %s – %s (%.0f s) %s\n", g.ID, g.From.Local().Format(time.TimeOnly), g.To.Local().Format(time.TimeOnly), g.Seconds, state)
			printHistory(m.Stdout, g.History)
		}
		return nil
	})
}

func (m *Main) explainCmd(ctx context.Context, args []string) int {
	fs := m.flags("explain")
	gap := fs.Int64("gap", 0, "the interruption's id (from timeline)")
	reason := fs.String("reason", "", "why: key or word of "+choices(regulation.Interruptions))
	text := fs.String("text", "", "what happened, in words")
	stated := fs.Bool("stated", false, "the reason was stated on the recording when it resumed")
	behalf := onBehalfFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *gap == 0 || *reason == "" {
		fs.Usage()
		return exitUsage
	}
	why, err := word(regulation.Interruptions, "reason", *reason)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if err := behalf.session(sess).Explain(ctx, *gap, why, *text, *stated); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "interruption %d explained\n", *gap)
		return nil
	})
}

func (m *Main) categorizeCmd(ctx context.Context, args []string) int {
	fs := m.flags("categorize")
	recs := fs.String("recordings", "", "recording ids, comma-separated")
	cat := fs.String("category", "", "key or word of "+choices(regulation.Categories))
	behalf := onBehalfFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	ids := splitList(*recs)
	if len(ids) == 0 || *cat == "" {
		fs.Usage()
		return exitUsage
	}
	key, err := word(regulation.Categories, "category", *cat)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		return behalf.session(sess).Categorize(ctx, ids, key)
	})
}

func (m *Main) lateReasonCmd(ctx context.Context, args []string) int {
	fs := m.flags("late-reason")
	recs := fs.String("recordings", "", "recording ids, comma-separated")
	reason := fs.String("reason", "", "why they were imported late")
	behalf := onBehalfFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	ids := splitList(*recs)
	if len(ids) == 0 || *reason == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		return behalf.session(sess).ExplainLate(ctx, ids, *reason)
	})
}

// onBehalf is the --on-behalf flag of the commands that answer an
// officer's follow-up questions: the officer answers their own; a
// supervisor or leader answers for them only with this reason.
type onBehalf struct{ reason *string }

func onBehalfFlag(fs *flag.FlagSet) onBehalf {
	return onBehalf{fs.String("on-behalf", "", "answer for the officer, as a supervisor or leader, giving why (recorded in the ledger)")}
}

func (o onBehalf) session(sess *store.Session) *store.Session {
	if *o.reason == "" {
		return sess
	}
	return sess.OnBehalf(*o.reason)
}

// printHistory lists every answer given to a question, the later ones
// amending the earlier.
func printHistory(w io.Writer, h []store.Answer) {
	for i, a := range h {
		what := a.Value
		if a.Text != "" {
			what += ": " + a.Text
		}
		by := a.By
		if a.OnBehalf {
			by += fmt.Sprintf(" for %s (on behalf: %s)", a.For, a.BehalfReason)
		}
		verb := "answered"
		if i > 0 {
			verb = "amended"
		}
		fmt.Fprintf(w, "      %s %s %s by %s\n", a.At.Local().Format(time.DateTime), verb, what, by)
	}
}
