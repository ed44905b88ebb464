package recordings

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
	cli.Declare(cli.Command{Name: "timeline", Help: "timeline.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActTimelineRead, JSON: cli.JSONObject,
		Flags: func(f *cli.Flags) cli.RunFunc {
			device := f.String("device", "", "timeline.device")
			date := f.String("date", "", "timeline.date")
			f.Require("device", "date")
			return func(ctx context.Context, x *cli.Call) error { return timeline(x, ctx, *device, *date) }
		}},
		cli.Command{Name: "explain", Help: "explain.help", Who: cli.SetupUntilSetUp, Needs: store.ActRecordingAnnotate,
			Flags: func(f *cli.Flags) cli.RunFunc {
				gap := f.Int64("gap", 0, "explain.gap")
				reason := f.String("reason", "", "explain.reason", regulation.Interruptions.Choices())
				text := f.String("text", "", "explain.text")
				stated := f.Bool("stated", false, "explain.stated")
				behalf := cli.OnBehalfFlag(f)
				f.Require("gap", "reason")
				return func(ctx context.Context, x *cli.Call) error {
					why, err := x.Word(regulation.Interruptions, "reason", *reason)
					if err != nil {
						return err
					}
					return x.Act(ctx, func(sess *store.Session) error {
						return followups.Explain(ctx, behalf.Session(sess), *gap, why, *text, *stated)
					}, "explain.done", *gap)
				}
			}},
		cli.Command{Name: "categorize", Help: "categorize.help", Who: cli.SetupUntilSetUp, Needs: store.ActRecordingAnnotate,
			Flags: func(f *cli.Flags) cli.RunFunc {
				recs := f.String("recordings", "", "flag.recordings")
				cat := f.String("category", "", "categorize.category", regulation.Categories.Choices())
				behalf := cli.OnBehalfFlag(f)
				f.Require("recordings", "category")
				return func(ctx context.Context, x *cli.Call) error {
					key, err := x.Word(regulation.Categories, "category", *cat)
					if err != nil {
						return err
					}
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					ids := cli.SplitList(*recs)
					if err := followups.Categorize(ctx, behalf.Session(sess), ids, key); err != nil {
						return err
					}
					x.Done("categorize.done", len(ids), regulation.Categories.Word(key, string(x.Lang())))
					return nil
				}
			}},
		cli.Command{Name: "late-reason", Help: "late_reason.help", Who: cli.SetupUntilSetUp, Needs: store.ActRecordingAnnotate,
			Flags: func(f *cli.Flags) cli.RunFunc {
				recs := f.String("recordings", "", "flag.recordings")
				reason := f.String("reason", "", "late_reason.reason")
				behalf := cli.OnBehalfFlag(f)
				f.Require("recordings", "reason")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					ids := cli.SplitList(*recs)
					if err := followups.ExplainLate(ctx, behalf.Session(sess), ids, *reason); err != nil {
						return err
					}
					x.Done("late_reason.done", len(ids))
					return nil
				}
			}})
}

func timeline(x *cli.Call, ctx context.Context, device, date string) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	t, err := followups.TimelineOf(ctx, sess, device, date)
	if err != nil {
		return err
	}
	if x.JSON {
		x.PrintJSON(t)
		return nil
	}
	out := x.Stdout
	line := x.Tr("timeline.clips", t.DeviceID, t.Day, len(t.Clips))
	if len(t.Clips) > 0 {
		line += x.Tr("timeline.span", t.Start.Local().Format(time.TimeOnly), t.End.Local().Format(time.TimeOnly), human.Clock(t.Recorded))
	}
	fmt.Fprintln(out, line)
	for _, c := range t.Clips {
		fmt.Fprintf(out, "  %s  %8s  %s  %s  %s\n", c.Start.Local().Format(time.TimeOnly), human.Clock(c.Duration),
			c.Name, x.Tr("timeline.time_from", c.TimeSource), strings.Join(c.Flags, ","))
		if slices.Contains(c.Flags, records.FlagTimeConflict) {
			fmt.Fprintln(out, "      "+x.Tr("timeline.conflict", c.NameTime.Local().Format(time.DateTime), c.MetadataTime.Local().Format(time.DateTime)))
		}
		printHistory(x.Main, out, c.History)
	}
	for _, g := range t.Gaps {
		state := x.Tr("timeline.unexplained")
		if g.Explained {
			state = x.Tr("timeline.explained", regulation.Interruptions.Word(g.Reason, string(x.Lang())))
		}
		fmt.Fprintln(out, "  "+x.Tr("timeline.gap", g.ID, g.From.Local().Format(time.TimeOnly), g.To.Local().Format(time.TimeOnly), g.Seconds, state))
		printHistory(x.Main, out, g.History)
	}
	return nil
}

// printHistory lists every answer given to a question, the later ones
// amending the earlier.
func printHistory(m *cli.Main, w io.Writer, h []followups.Answer) {
	for i, a := range h {
		what := a.Value
		if a.Text != "" {
			what += ": " + a.Text
		}
		by := a.By
		if a.OnBehalf {
			by = m.Tr("timeline.on_behalf", a.By, a.For, a.BehalfReason)
		}
		key := "timeline.answered"
		if i > 0 {
			key = "timeline.amended"
		}
		fmt.Fprintln(w, "      "+m.Tr(key, a.At.Local().Format(time.DateTime), what, by))
	}
}
