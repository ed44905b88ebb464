package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

func init() {
	register(command{name: "preuse", usage: "preuse [--device SERIAL] [--failed|--open] [--json] | preuse ack ID --note TEXT",
		help: "pre-use checks made at checkout (Art. 5), and the acknowledgement of a failed one", run: (*Main).preuseCmd})
}

func (m *Main) deviceStateCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("device", deviceVerbs["state"])
	set := fs.String("set", "", "the new state: key or word of "+choices(regulation.DeviceStates))
	note := fs.String("note", "", "why (kept in the ledger)")
	asJSON := fs.Bool("json", false, "print JSON")
	serial, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if *set != "" {
		state, err := word(regulation.DeviceStates, "set", *set)
		if err != nil {
			return m.fail(err)
		}
		if strings.TrimSpace(*note) == "" {
			fs.Usage()
			return exitUsage
		}
		return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
			if err := sess.SetDeviceState(ctx, serial, state, *note); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "recorder %s is now %s (%s)\n", serial, regulation.DeviceStates.Word(state, regulation.ZH), state)
			return nil
		})
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if _, err := sess.Device(ctx, serial); err != nil {
			return err
		}
		hist, err := sess.DeviceHistory(ctx, serial)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, hist, "SINCE\tSTATE\tBY\tNOTE", func(w io.Writer, c store.StateChange) {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"), regulation.DeviceStates.Word(c.State, regulation.ZH),
				c.By, oneLine(c.Note))
		})
	})
}

func (m *Main) deviceClockCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("device", deviceVerbs["clock"])
	note := fs.String("note", "", "how it was corrected")
	serial, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if strings.TrimSpace(*note) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if err := sess.CorrectClock(ctx, serial, *note); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "the clock of %s is recorded as corrected\n", serial)
		return nil
	})
}

// preUseFlag reads --check: the items of Art. 5 the officer ticked, as
// keys or words (battery,memory,clock or 电池容量,内存空间,系统日期和时间),
// or "none" when the check found nothing right.
func preUseFlag(s string) (*store.PreUseCheck, error) {
	if s == "" {
		return nil, nil
	}
	c := &store.PreUseCheck{}
	if s == "none" || s == "无" {
		return c, nil
	}
	keys, err := words(regulation.PreUseChecks, "check", s)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		switch k {
		case "battery":
			c.Battery = true
		case "memory":
			c.Memory = true
		case "clock":
			c.Clock = true
		default:
			return nil, usageError{fmt.Sprintf("--check: %s is read at docking, not ticked", k)}
		}
	}
	return c, nil
}

func (m *Main) preuseCmd(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "ack" {
		return m.preuseAckCmd(ctx, args[1:])
	}
	fs := m.flags("preuse")
	var f store.PreUseFilter
	fs.StringVar(&f.Device, "device", "", "only this recorder")
	fs.BoolVar(&f.Failed, "failed", false, "only failed checks")
	fs.BoolVar(&f.Open, "open", false, "only failed checks not yet acknowledged")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		list, err := sess.PreUseChecks(ctx, f)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, list, "ID\tTIME\tDEVICE\tOFFICER\tRESULT\tACKNOWLEDGED", func(w io.Writer, p store.PreUseRecord) {
			result := "通过"
			if !p.Passed() {
				var ws []string
				for _, k := range p.Problems {
					ws = append(ws, regulation.PreUseChecks.Word(k, regulation.ZH))
				}
				result = "未通过：" + strings.Join(ws, "、")
			}
			ack := ""
			if !p.AckAt.IsZero() {
				ack = p.AckAt.Local().Format("2006-01-02 15:04") + " " + p.AckBy
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.At.Local().Format("2006-01-02 15:04"), p.Device, p.Officer, result, ack)
		})
	})
}

func (m *Main) preuseAckCmd(ctx context.Context, args []string) int {
	fs := m.flags("preuse")
	note := fs.String("note", "", "what was done about it")
	arg, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 || strings.TrimSpace(*note) == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.AckPreUse(ctx, id, *note); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "pre-use check %d acknowledged at %s\n", id, time.Now().Format("2006-01-02 15:04"))
		return nil
	})
}
