package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"evidock/followups"
	"evidock/internal/cli"
	"evidock/internal/human"
	"evidock/records"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	declare(command{name: "timeline", help: "timeline.help", who: workstationUntilSetUp, needs: store.ActTimelineRead, json: jsonObject,
		flags: func(f *cli.Flags) runFunc {
			device := f.String("device", "", "timeline.device")
			date := f.String("date", "", "timeline.date")
			f.Require("device", "date")
			return func(ctx context.Context, x *call) error { return x.timeline(ctx, *device, *date) }
		}},
		command{name: "explain", help: "explain.help", who: setupUntilSetUp, needs: store.ActRecordingAnnotate,
			flags: func(f *cli.Flags) runFunc {
				gap := f.Int64("gap", 0, "explain.gap")
				reason := f.String("reason", "", "explain.reason", regulation.Interruptions.Choices())
				text := f.String("text", "", "explain.text")
				stated := f.Bool("stated", false, "explain.stated")
				behalf := onBehalfFlag(f)
				f.Require("gap", "reason")
				return func(ctx context.Context, x *call) error {
					why, err := x.word(regulation.Interruptions, "reason", *reason)
					if err != nil {
						return err
					}
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := followups.Explain(ctx, behalf.session(sess), *gap, why, *text, *stated); err != nil {
						return err
					}
					x.done("explain.done", *gap)
					return nil
				}
			}},
		command{name: "categorize", help: "categorize.help", who: setupUntilSetUp, needs: store.ActRecordingAnnotate,
			flags: func(f *cli.Flags) runFunc {
				recs := f.String("recordings", "", "flag.recordings")
				cat := f.String("category", "", "categorize.category", regulation.Categories.Choices())
				behalf := onBehalfFlag(f)
				f.Require("recordings", "category")
				return func(ctx context.Context, x *call) error {
					key, err := x.word(regulation.Categories, "category", *cat)
					if err != nil {
						return err
					}
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					ids := splitList(*recs)
					if err := followups.Categorize(ctx, behalf.session(sess), ids, key); err != nil {
						return err
					}
					x.done("categorize.done", len(ids), regulation.Categories.Word(key, string(x.p.Lang())))
					return nil
				}
			}},
		command{name: "late-reason", help: "late_reason.help", who: setupUntilSetUp, needs: store.ActRecordingAnnotate,
			flags: func(f *cli.Flags) runFunc {
				recs := f.String("recordings", "", "flag.recordings")
				reason := f.String("reason", "", "late_reason.reason")
				behalf := onBehalfFlag(f)
				f.Require("recordings", "reason")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					ids := splitList(*recs)
					if err := followups.ExplainLate(ctx, behalf.session(sess), ids, *reason); err != nil {
						return err
					}
					x.done("late_reason.done", len(ids))
					return nil
				}
			}})
}

func (x *call) timeline(ctx context.Context, device, date string) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	t, err := followups.TimelineOf(ctx, sess, device, date)
	if err != nil {
		return err
	}
	if x.json {
		x.printJSON(t)
		return nil
	}
	out := x.Stdout
	line := x.tr("timeline.clips", t.DeviceID, t.Day, len(t.Clips))
	if len(t.Clips) > 0 {
		line += x.tr("timeline.span", t.Start.Local().Format(time.TimeOnly), t.End.Local().Format(time.TimeOnly), human.Clock(t.Recorded))
	}
	fmt.Fprintln(out, line)
	for _, c := range t.Clips {
		fmt.Fprintf(out, "  %s  %8s  %s  %s  %s\n", c.Start.Local().Format(time.TimeOnly), human.Clock(c.Duration),
			c.Name, x.tr("timeline.time_from", c.TimeSource), strings.Join(c.Flags, ","))
		if slices.Contains(c.Flags, records.FlagTimeConflict) {
			fmt.Fprintln(out, "      "+x.tr("timeline.conflict", c.NameTime.Local().Format(time.DateTime), c.MetadataTime.Local().Format(time.DateTime)))
		}
		x.printHistory(out, c.History)
	}
	for _, g := range t.Gaps {
		state := x.tr("timeline.unexplained")
		if g.Explained {
			state = x.tr("timeline.explained", regulation.Interruptions.Word(g.Reason, string(x.p.Lang())))
		}
		fmt.Fprintln(out, "  "+x.tr("timeline.gap", g.ID, g.From.Local().Format(time.TimeOnly), g.To.Local().Format(time.TimeOnly), g.Seconds, state))
		x.printHistory(out, g.History)
	}
	return nil
}

// onBehalf is the --on-behalf flag of the commands that answer an
// officer's follow-up questions: the officer answers their own; a
// supervisor or leader answers for them only with this reason.
type onBehalf struct{ reason *string }

func onBehalfFlag(f *cli.Flags) onBehalf {
	return onBehalf{f.String("on-behalf", "", "flag.on_behalf")}
}

func (o onBehalf) session(sess *store.Session) *store.Session {
	if *o.reason == "" {
		return sess
	}
	return sess.OnBehalf(*o.reason)
}

// printHistory lists every answer given to a question, the later ones
// amending the earlier.
func (m *Main) printHistory(w io.Writer, h []followups.Answer) {
	for i, a := range h {
		what := a.Value
		if a.Text != "" {
			what += ": " + a.Text
		}
		by := a.By
		if a.OnBehalf {
			by = m.tr("timeline.on_behalf", a.By, a.For, a.BehalfReason)
		}
		key := "timeline.answered"
		if i > 0 {
			key = "timeline.amended"
		}
		fmt.Fprintln(w, "      "+m.tr(key, a.At.Local().Format(time.DateTime), what, by))
	}
}
