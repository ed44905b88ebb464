package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

func init() {
	register(command{name: "checkout", usage: "checkout DEVICE --officer NUMBER [--check battery,memory,clock] [--until TIME] [--remote] [--note TEXT]",
		help: "issue a recorder in use (在用) to an officer for a shift, with the pre-use check of Art. 5 (due back at --until, else the end of the day; remote: 24 h after --until)", run: (*Main).checkoutCmd})
	register(command{name: "checkin", usage: "checkin DEVICE [--note TEXT]",
		help: "take a recorder back (docking it also counts as its return)", run: (*Main).checkinCmd})
	register(command{name: "lost", usage: "lost DEVICE --text TEXT",
		help: "report a recorder lost or stolen (Art. 20(7))", run: (*Main).lostCmd})
	register(command{name: "custody", usage: "custody [--device SERIAL] [--officer NUMBER] [--at TIME] [--limit N] [--json]",
		help: "who had which recorder when (Art. 20)", run: (*Main).custodyCmd})
}

// parseTime reads a local time as "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM",
// a date (its start), or RFC 3339.
func parseTime(s string) (time.Time, error) {
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
	return time.Time{}, usageError{fmt.Sprintf("%q is not a time: give YYYY-MM-DD HH:MM (local) or RFC 3339", s)}
}

// oneDevice returns the one positional argument, the recorder's serial.
func oneDevice(pos []string) (string, error) {
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return "", usageError{"give one recorder serial"}
	}
	return pos[0], nil
}

func (m *Main) checkoutCmd(ctx context.Context, args []string) int {
	fs := m.flags("checkout")
	officer := fs.String("officer", "", "the officer's number (警号)")
	until := fs.String("until", "", "declared return, YYYY-MM-DD HH:MM local")
	remote := fs.Bool("remote", false, "continuous or remote work: due 24 h after --until")
	note := fs.String("note", "", "a note")
	check := fs.String("check", "", "pre-use check (Art. 5): what the officer found right, of battery 电池容量, memory 内存空间, clock 系统日期和时间 (none: nothing)")
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	dev, err := oneDevice(pos)
	if err != nil || *officer == "" {
		fs.Usage()
		return exitUsage
	}
	u, err := parseTime(*until)
	if err != nil {
		return m.fail(err)
	}
	pc, err := preUseFlag(*check)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		c, err := sess.CheckOut(ctx, store.Checkout{Device: dev, Officer: *officer, Until: u, Remote: *remote, Note: *note, Check: pc})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s out with %s, due back %s\n", c.Device, c.Officer, c.Due.Local().Format(time.DateTime))
		if pc == nil {
			fmt.Fprintln(m.Stdout, "no pre-use check was recorded (Art. 5): give --check")
			return nil
		}
		checks, err := sess.PreUseChecks(ctx, store.PreUseFilter{Device: dev})
		if err == nil && len(checks) > 0 && !checks[0].Passed() {
			var ws []string
			for _, k := range checks[0].Problems {
				ws = append(ws, regulation.PreUseChecks.Word(k, regulation.ZH))
			}
			fmt.Fprintf(m.Stdout, "pre-use check %d FAILED: %s — shown to the supervisor\n", checks[0].ID, strings.Join(ws, "、"))
		}
		return nil
	})
}

func (m *Main) checkinCmd(ctx context.Context, args []string) int {
	fs := m.flags("checkin")
	note := fs.String("note", "", "a note")
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	dev, err := oneDevice(pos)
	if err != nil {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		c, err := sess.CheckIn(ctx, dev, *note)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s back from %s at %s%s\n", c.Device, c.Officer, c.Returned.Local().Format(time.DateTime), custodyState(c))
		return nil
	})
}

func (m *Main) lostCmd(ctx context.Context, args []string) int {
	fs := m.flags("lost")
	text := fs.String("text", "", "what happened: when, where, how")
	pos, code, ok := parseMixed(fs, args)
	if !ok {
		return code
	}
	dev, err := oneDevice(pos)
	if err != nil || strings.TrimSpace(*text) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if err := sess.ReportLost(ctx, dev, *text); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s reported lost\n", dev)
		return nil
	})
}

func (m *Main) custodyCmd(ctx context.Context, args []string) int {
	fs := m.flags("custody")
	device := fs.String("device", "", "only this recorder")
	officer := fs.String("officer", "", "only this officer")
	at := fs.String("at", "", "who had it at this time (YYYY-MM-DD HH:MM local)")
	limit := fs.Int("limit", 100, "at most this many, newest first (0: all)")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	t, err := parseTime(*at)
	if err != nil {
		return m.fail(err)
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		recs, err := sess.Custody(ctx, store.CustodyFilter{Device: *device, Officer: *officer, At: t, Limit: *limit})
		if err != nil {
			return err
		}
		return printList(m, *asJSON, recs, "DEVICE\tOFFICER\tOUT\tDUE\tRETURNED\tSTATE", func(w io.Writer, c store.CustodyRecord) {
			back := "-"
			if !c.Returned.IsZero() {
				back = c.Returned.Local().Format("2006-01-02 15:04") + " (" + c.ReturnedBy + ")"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Device, c.Officer, c.Out.Local().Format("2006-01-02 15:04"),
				c.Due.Local().Format("2006-01-02 15:04"), back, strings.TrimPrefix(custodyState(c), ", "))
		})
	})
}

// custodyState says what is wrong with a custody record, after a comma.
func custodyState(c store.CustodyRecord) string {
	var s []string
	if c.Overdue {
		s = append(s, "OVERDUE")
	}
	if !c.Lost.IsZero() {
		s = append(s, "LOST "+c.Lost.Local().Format("2006-01-02 15:04"))
	}
	if len(c.OtherOfficers) > 0 {
		s = append(s, "ALSO USED BY "+strings.Join(c.OtherOfficers, ","))
	}
	if len(s) == 0 {
		return ""
	}
	return ", " + strings.Join(s, ", ")
}
