package main

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
	declare(command{name: "case", help: "case.help"},
		command{name: "case add", args: "NUMBER", help: "case.add.help", who: userOnly, needs: store.ActCaseManage,
			flags: func(f *cli.Flags) runFunc {
				name := f.String("name", "", "case.add.name")
				typ := f.String("type", "", "case.add.type")
				keepFor := retentionFlags(f)
				f.Require("name")
				return func(ctx context.Context, x *call) error {
					r, ok := keepFor()
					if !ok {
						return x.usagef("case.years_or_permanent")
					}
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					number := x.args[0]
					if err := retention.AddCase(ctx, sess, retention.Case{Number: number, Name: *name, Type: *typ, Retention: r}); err != nil {
						return err
					}
					x.done("case.added", number, r.String())
					return nil
				}
			}},
		command{name: "case list", args: "[NUMBER]", help: "case.list.help", who: userOnly, needs: store.ActCaseRead, json: jsonArray,
			flags: plain((*call).caseList)},
		command{name: "case link", args: "NUMBER", help: "case.link.help", who: userOnly, needs: store.ActCaseManage,
			flags: func(f *cli.Flags) runFunc { return caseLink(f, "link") }},
		command{name: "case unlink", args: "NUMBER", help: "case.unlink.help", who: userOnly, needs: store.ActCaseManage,
			flags: func(f *cli.Flags) runFunc { return caseLink(f, "unlink") }},
		command{name: "case close", args: "NUMBER", help: "case.close.help", who: userOnly, needs: store.ActCaseManage,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "flag.note")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := retention.CloseCase(ctx, sess, x.args[0], *note); err != nil {
						return err
					}
					x.done("case.closed", x.args[0])
					return nil
				}
			}},
		command{name: "case retention", args: "NUMBER", help: "case.retention.help", who: userOnly, needs: store.ActCaseManage,
			flags: func(f *cli.Flags) runFunc {
				keepFor := retentionFlags(f)
				reason := f.String("reason", "", "flag.reason")
				f.Require("reason")
				return func(ctx context.Context, x *call) error {
					r, ok := keepFor()
					if !ok {
						return x.usagef("case.years_or_permanent")
					}
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := retention.SetCaseRetention(ctx, sess, x.args[0], r, *reason); err != nil {
						return err
					}
					x.done("case.kept", x.args[0], r.String())
					return nil
				}
			}},
		command{name: "retention", help: "retention.help", who: userOnly, needs: store.ActRetentionRead, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				expired := f.Bool("expired", false, "retention.expired")
				setYears := f.Int("set-years", 0, "retention.set_years")
				reason := f.String("reason", "", "retention.reason")
				return func(ctx context.Context, x *call) error { return x.retention(ctx, *expired, *setYears, *reason) }
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

func (x *call) caseList(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	number := ""
	if len(x.args) == 1 {
		number = x.args[0]
	}
	cs, err := retention.Cases(ctx, sess, number)
	if err != nil {
		return err
	}
	return printList(x, cs, "case.list.header", func(w io.Writer, c retention.Case) {
		closed := x.tr("case.open")
		if !c.Open() {
			closed = c.ClosedAt.Local().Format(time.DateOnly)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\n", oneLine(c.Number), oneLine(c.Name), oneLine(c.Type), c.Retention, closed, len(c.Recordings))
	})
}

// caseLink is `case link` and `case unlink`.
func caseLink(f *cli.Flags, verb string) runFunc {
	recs := f.String("recordings", "", "flag.recordings")
	reason := f.String("reason", "", "case.unlink.reason")
	f.Require("recordings")
	if verb == "unlink" {
		f.Require("reason")
	}
	return func(ctx context.Context, x *call) error {
		sess, err := x.session(ctx)
		if err != nil {
			return err
		}
		number, ids := x.args[0], splitList(*recs)
		if verb == "link" {
			err = retention.Link(ctx, sess, number, ids)
		} else {
			err = retention.Unlink(ctx, sess, number, ids, *reason)
		}
		if err != nil {
			return err
		}
		x.done("case."+verb+"ed", number, len(ids))
		return nil
	}
}

func (x *call) retention(ctx context.Context, expired bool, setYears int, reason string) error {
	set := x.flags.Given("set-years")
	if set && strings.TrimSpace(reason) == "" {
		return x.usagef("usage.missing", "--reason")
	}
	if set && setYears < retention.MinRetentionYears {
		return fmt.Errorf("%s: %w", x.tr("retention.too_short", setYears, retention.MinRetentionYears), store.ErrInvalid)
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	if set {
		if err := retention.SetRetentionYears(ctx, sess, setYears, reason); err != nil {
			return err
		}
		x.done("retention.set", setYears)
		return nil
	}
	items, err := retention.List(ctx, sess, retention.RetentionFilter{Expired: expired})
	if err != nil {
		return err
	}
	return printList(x, items, "retention.header", func(w io.Writer, it retention.RetentionItem) {
		until, state := x.tr("retention.forever"), x.tr("retention.held")
		if !it.Forever {
			until, state = it.Until.Local().Format(time.DateOnly), x.tr("retention.kept")
		}
		if it.Expired {
			state = x.tr("retention.expired_state")
		}
		if it.PurgeRequest != 0 {
			state += x.tr("retention.purge_pending", it.PurgeRequest)
		}
		var cases []string
		for _, h := range it.Holds {
			cases = append(cases, h.Case)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", it.RecordingID, oneLine(it.OriginalName),
			it.RecordedAt.Local().Format(time.DateOnly), until, state, oneLine(strings.Join(cases, ",")))
	})
}
