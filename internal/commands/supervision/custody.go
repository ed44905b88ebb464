package supervision

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
	cli.Declare(cli.Command{Name: "checkout", Args: "DEVICE", Help: "checkout.help", Who: cli.SetupUntilSetUp, Needs: store.ActCustodyManage,
		Flags: func(f *cli.Flags) cli.RunFunc {
			officer := f.String("officer", "", "checkout.officer")
			until := f.String("until", "", "checkout.until")
			remote := f.Bool("remote", false, "checkout.remote")
			note := f.String("note", "", "flag.note")
			check := f.String("check", "", "checkout.check")
			f.Require("officer")
			return func(ctx context.Context, x *cli.Call) error {
				return checkout(x, ctx, *officer, *until, *remote, *note, *check)
			}
		}},
		cli.Command{Name: "checkin", Args: "DEVICE", Help: "checkin.help", Who: cli.SetupUntilSetUp, Needs: store.ActCustodyManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "flag.note")
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					c, err := custody.CheckIn(ctx, sess, x.Args[0], *note)
					if err != nil {
						return err
					}
					x.Done("checkin.done", c.Device, c.Officer, c.Returned.Local().Format(time.DateTime), custodyState(x.Main, c))
					return nil
				}
			}},
		cli.Command{Name: "lost", Args: "DEVICE", Help: "lost.help", Who: cli.SetupUntilSetUp, Needs: store.ActCustodyLost,
			Flags: func(f *cli.Flags) cli.RunFunc {
				text := f.String("text", "", "lost.text")
				f.Require("text")
				return func(ctx context.Context, x *cli.Call) error {
					return x.Act(ctx, func(sess *store.Session) error { return custody.ReportLost(ctx, sess, x.Args[0], *text) }, "lost.done", x.Args[0])
				}
			}},
		cli.Command{Name: "custody", Help: "custody.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActCustodyRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				device := f.String("device", "", "flag.only_device")
				officer := f.String("officer", "", "flag.only_officer")
				at := f.String("at", "", "custody.at")
				limit := f.Int("limit", 100, "custody.limit")
				return func(ctx context.Context, x *cli.Call) error {
					return custodyCmd(x, ctx, *device, *officer, *at, *limit)
				}
			}})
}

// parseTime reads a local time as "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM",
// a date (its start), or RFC 3339.
func parseTime(m *cli.Main, s string) (time.Time, error) {
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
	return time.Time{}, m.Usagef("usage.not_a_time", s)
}

func checkout(x *cli.Call, ctx context.Context, officer, until string, remote bool, note, check string) error {
	dev := x.Args[0]
	u, err := parseTime(x.Main, until)
	if err != nil {
		return err
	}
	pc, err := preUseFlag(x.Main, check)
	if err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	c, err := custody.CheckOut(ctx, sess, custody.Checkout{Device: dev, Officer: officer, Until: u, Remote: remote, Note: note, Check: pc})
	if err != nil {
		return err
	}
	x.Done("checkout.done", c.Device, c.Officer, c.Due.Local().Format(time.DateTime))
	if pc == nil {
		x.Done("checkout.no_check")
		return nil
	}
	checks, err := custody.PreUseChecks(ctx, sess, custody.PreUseFilter{Device: dev})
	if err == nil && len(checks) > 0 && !checks[0].Passed() {
		var ws []string
		for _, k := range checks[0].Problems {
			ws = append(ws, regulation.PreUseChecks.Word(k, string(x.Lang())))
		}
		x.Done("checkout.check_failed", checks[0].ID, strings.Join(ws, "、"))
	}
	return nil
}

func custodyCmd(x *cli.Call, ctx context.Context, device, officer, at string, limit int) error {
	t, err := parseTime(x.Main, at)
	if err != nil {
		return err
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	recs, err := custody.Custody(ctx, sess, custody.CustodyFilter{Device: device, Officer: officer, At: t, Limit: limit})
	if err != nil {
		return err
	}
	return cli.PrintList(x, recs, "custody.header", func(w io.Writer, c custody.CustodyRecord) {
		back := "-"
		if !c.Returned.IsZero() {
			back = c.Returned.Local().Format("2006-01-02 15:04") + " (" + c.ReturnedBy + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Device, c.Officer, c.Out.Local().Format("2006-01-02 15:04"),
			c.Due.Local().Format("2006-01-02 15:04"), back, strings.TrimPrefix(custodyState(x.Main, c), ", "))
	})
}

// custodyState says what is wrong with a custody record, after a comma.
func custodyState(m *cli.Main, c custody.CustodyRecord) string {
	var s []string
	if c.Overdue {
		s = append(s, m.Tr("custody.overdue"))
	}
	if !c.Lost.IsZero() {
		s = append(s, m.Tr("custody.lost", c.Lost.Local().Format("2006-01-02 15:04")))
	}
	if len(c.OtherOfficers) > 0 {
		s = append(s, m.Tr("custody.also_used", strings.Join(c.OtherOfficers, ",")))
	}
	if len(s) == 0 {
		return ""
	}
	return ", " + strings.Join(s, ", ")
}
