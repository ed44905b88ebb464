package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/custody"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	declare(command{name: "checkout", args: "DEVICE", help: "checkout.help", who: setupUntilSetUp, needs: store.ActCustodyManage,
		flags: func(f *cli.Flags) runFunc {
			officer := f.String("officer", "", "checkout.officer")
			until := f.String("until", "", "checkout.until")
			remote := f.Bool("remote", false, "checkout.remote")
			note := f.String("note", "", "flag.note")
			check := f.String("check", "", "checkout.check")
			f.Require("officer")
			return func(ctx context.Context, x *call) error {
				return x.checkout(ctx, *officer, *until, *remote, *note, *check)
			}
		}},
		command{name: "checkin", args: "DEVICE", help: "checkin.help", who: setupUntilSetUp, needs: store.ActCustodyManage,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "flag.note")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					c, err := custody.CheckIn(ctx, sess, x.args[0], *note)
					if err != nil {
						return err
					}
					x.done("checkin.done", c.Device, c.Officer, c.Returned.Local().Format(time.DateTime), x.custodyState(c))
					return nil
				}
			}},
		command{name: "lost", args: "DEVICE", help: "lost.help", who: setupUntilSetUp, needs: store.ActCustodyLost,
			flags: func(f *cli.Flags) runFunc {
				text := f.String("text", "", "lost.text")
				f.Require("text")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := custody.ReportLost(ctx, sess, x.args[0], *text); err != nil {
						return err
					}
					x.done("lost.done", x.args[0])
					return nil
				}
			}},
		command{name: "custody", help: "custody.help", who: workstationUntilSetUp, needs: store.ActCustodyRead, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				device := f.String("device", "", "flag.only_device")
				officer := f.String("officer", "", "flag.only_officer")
				at := f.String("at", "", "custody.at")
				limit := f.Int("limit", 100, "custody.limit")
				return func(ctx context.Context, x *call) error { return x.custody(ctx, *device, *officer, *at, *limit) }
			}})
}

// parseTime reads a local time as "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM",
// a date (its start), or RFC 3339.
func (m *Main) parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.DateTime, "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, m.usagef("usage.not_a_time", s)
}

func (x *call) checkout(ctx context.Context, officer, until string, remote bool, note, check string) error {
	dev := x.args[0]
	u, err := x.parseTime(until)
	if err != nil {
		return err
	}
	pc, err := x.preUseFlag(check)
	if err != nil {
		return err
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	c, err := custody.CheckOut(ctx, sess, custody.Checkout{Device: dev, Officer: officer, Until: u, Remote: remote, Note: note, Check: pc})
	if err != nil {
		return err
	}
	x.done("checkout.done", c.Device, c.Officer, c.Due.Local().Format(time.DateTime))
	if pc == nil {
		x.done("checkout.no_check")
		return nil
	}
	checks, err := custody.PreUseChecks(ctx, sess, custody.PreUseFilter{Device: dev})
	if err == nil && len(checks) > 0 && !checks[0].Passed() {
		var ws []string
		for _, k := range checks[0].Problems {
			ws = append(ws, regulation.PreUseChecks.Word(k, string(x.p.Lang())))
		}
		x.done("checkout.check_failed", checks[0].ID, strings.Join(ws, "、"))
	}
	return nil
}

func (x *call) custody(ctx context.Context, device, officer, at string, limit int) error {
	t, err := x.parseTime(at)
	if err != nil {
		return err
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	recs, err := custody.Custody(ctx, sess, custody.CustodyFilter{Device: device, Officer: officer, At: t, Limit: limit})
	if err != nil {
		return err
	}
	return printList(x, recs, "custody.header", func(w io.Writer, c custody.CustodyRecord) {
		back := "-"
		if !c.Returned.IsZero() {
			back = c.Returned.Local().Format("2006-01-02 15:04") + " (" + c.ReturnedBy + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Device, c.Officer, c.Out.Local().Format("2006-01-02 15:04"),
			c.Due.Local().Format("2006-01-02 15:04"), back, strings.TrimPrefix(x.custodyState(c), ", "))
	})
}

// custodyState says what is wrong with a custody record, after a comma.
func (m *Main) custodyState(c custody.CustodyRecord) string {
	var s []string
	if c.Overdue {
		s = append(s, m.tr("custody.overdue"))
	}
	if !c.Lost.IsZero() {
		s = append(s, m.tr("custody.lost", c.Lost.Local().Format("2006-01-02 15:04")))
	}
	if len(c.OtherOfficers) > 0 {
		s = append(s, m.tr("custody.also_used", strings.Join(c.OtherOfficers, ",")))
	}
	if len(s) == 0 {
		return ""
	}
	return ", " + strings.Join(s, ", ")
}
