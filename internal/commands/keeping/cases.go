package keeping

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/internal/cli"
	"evidock/retention"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "case", Help: "case.help"},
		cli.Command{Name: "case add", Args: "NUMBER", Help: "case.add.help", Who: cli.UserOnly, Needs: store.ActCaseManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				name := f.String("name", "", "case.add.name")
				typ := f.String("type", "", "case.add.type")
				keepFor := retentionFlags(f)
				f.Require("name")
				return func(ctx context.Context, x *cli.Call) error {
					r, ok := keepFor()
					if !ok {
						return x.Usagef("case.years_or_permanent")
					}
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					number := x.Args[0]
					if err := retention.AddCase(ctx, sess, retention.Case{Number: number, Name: *name, Type: *typ, Retention: r}); err != nil {
						return err
					}
					x.Done("case.added", number, r.String())
					return nil
				}
			}},
		cli.Command{Name: "case list", Args: "[NUMBER]", Help: "case.list.help", Who: cli.UserOnly, Needs: store.ActCaseRead, JSON: cli.JSONArray,
			Flags: cli.Plain(caseList)},
		cli.Command{Name: "case link", Args: "NUMBER", Help: "case.link.help", Who: cli.UserOnly, Needs: store.ActCaseManage,
			Flags: func(f *cli.Flags) cli.RunFunc { return caseLink(f, "link") }},
		cli.Command{Name: "case unlink", Args: "NUMBER", Help: "case.unlink.help", Who: cli.UserOnly, Needs: store.ActCaseManage,
			Flags: func(f *cli.Flags) cli.RunFunc { return caseLink(f, "unlink") }},
		cli.Command{Name: "case close", Args: "NUMBER", Help: "case.close.help", Who: cli.UserOnly, Needs: store.ActCaseManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "flag.note")
				return func(ctx context.Context, x *cli.Call) error {
					return x.Act(ctx, func(sess *store.Session) error { return retention.CloseCase(ctx, sess, x.Args[0], *note) }, "case.closed", x.Args[0])
				}
			}},
		cli.Command{Name: "case retention", Args: "NUMBER", Help: "case.retention.help", Who: cli.UserOnly, Needs: store.ActCaseManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				keepFor := retentionFlags(f)
				reason := f.String("reason", "", "flag.reason")
				f.Require("reason")
				return func(ctx context.Context, x *cli.Call) error {
					r, ok := keepFor()
					if !ok {
						return x.Usagef("case.years_or_permanent")
					}
					return x.Act(ctx, func(sess *store.Session) error { return retention.SetCaseRetention(ctx, sess, x.Args[0], r, *reason) }, "case.kept", x.Args[0], r.String())
				}
			}},
		cli.Command{Name: "retention", Help: "retention.help", Who: cli.UserOnly, Needs: store.ActRetentionRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				expired := f.Bool("expired", false, "retention.expired")
				setYears := f.Int("set-years", 0, "retention.set_years")
				reason := f.String("reason", "", "retention.reason")
				return func(ctx context.Context, x *cli.Call) error {
					return retentionCmd(x, ctx, *expired, *setYears, *reason)
				}
			}})
}

// retentionFlags adds --years and --permanent; what it returns is the
// retention asked for, and whether exactly one of the two was given.
func retentionFlags(f *cli.Flags) func() (retention.Retention, bool) {
	years := f.Int("years", 0, "case.years")
	permanent := f.Bool("permanent", false, "case.permanent")
	return func() (retention.Retention, bool) {
		r := retention.Retention{Years: *years, Permanent: *permanent}
		return r, (*years > 0) != *permanent
	}
}

func caseList(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	number := ""
	if len(x.Args) == 1 {
		number = x.Args[0]
	}
	cs, err := retention.Cases(ctx, sess, number)
	if err != nil {
		return err
	}
	return cli.PrintList(x, cs, "case.list.header", func(w io.Writer, c retention.Case) {
		closed := x.Tr("case.open")
		if !c.Open() {
			closed = c.ClosedAt.Local().Format(time.DateOnly)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\n", cli.OneLine(c.Number), cli.OneLine(c.Name), cli.OneLine(c.Type), c.Retention, closed, len(c.Recordings))
	})
}

// caseLink is `case link` and `case unlink`.
func caseLink(f *cli.Flags, verb string) cli.RunFunc {
	recs := f.String("recordings", "", "flag.recordings")
	reason := f.String("reason", "", "case.unlink.reason")
	f.Require("recordings")
	if verb == "unlink" {
		f.Require("reason")
	}
	return func(ctx context.Context, x *cli.Call) error {
		sess, err := x.Session(ctx)
		if err != nil {
			return err
		}
		number, ids := x.Args[0], cli.SplitList(*recs)
		if verb == "link" {
			err = retention.Link(ctx, sess, number, ids)
		} else {
			err = retention.Unlink(ctx, sess, number, ids, *reason)
		}
		if err != nil {
			return err
		}
		x.Done("case."+verb+"ed", number, len(ids))
		return nil
	}
}

func retentionCmd(x *cli.Call, ctx context.Context, expired bool, setYears int, reason string) error {
	set := x.Flags.Given("set-years")
	if set && strings.TrimSpace(reason) == "" {
		return x.Usagef("usage.missing", "--reason")
	}
	if set && setYears < retention.MinRetentionYears {
		return fmt.Errorf("%s: %w", x.Tr("retention.too_short", setYears, retention.MinRetentionYears), store.ErrInvalid)
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	if set {
		if err := retention.SetRetentionYears(ctx, sess, setYears, reason); err != nil {
			return err
		}
		x.Done("retention.set", setYears)
		return nil
	}
	items, err := retention.List(ctx, sess, retention.RetentionFilter{Expired: expired})
	if err != nil {
		return err
	}
	return cli.PrintList(x, items, "retention.header", func(w io.Writer, it retention.RetentionItem) {
		until, state := x.Tr("retention.forever"), x.Tr("retention.held")
		if !it.Forever {
			until, state = it.Until.Local().Format(time.DateOnly), x.Tr("retention.kept")
		}
		if it.Expired {
			state = x.Tr("retention.expired_state")
		}
		if it.PurgeRequest != 0 {
			state += x.Tr("retention.purge_pending", it.PurgeRequest)
		}
		var cases []string
		for _, h := range it.Holds {
			cases = append(cases, h.Case)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", it.RecordingID, cli.OneLine(it.OriginalName),
			it.RecordedAt.Local().Format(time.DateOnly), until, state, cli.OneLine(strings.Join(cases, ",")))
	})
}
