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
	declare(command{name: "device state", args: "SERIAL", help: "device.state.help", who: setupUntilSetUp, needs: store.ActDeviceState, json: jsonArray,
		flags: func(f *cli.Flags) runFunc {
			set := f.String("set", "", "device.state.set", regulation.DeviceStates.Choices())
			note := f.String("note", "", "flag.reason")
			return func(ctx context.Context, x *call) error {
				if *set != "" {
					return x.setDeviceState(ctx, *set, *note)
				}
				return x.deviceHistory(ctx)
			}
		}},
		command{name: "device clock", args: "SERIAL", help: "device.clock.help", who: setupUntilSetUp, needs: store.ActDeviceClockFix,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "device.clock.note")
				f.Require("note")
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := custody.CorrectClock(ctx, sess, x.args[0], *note); err != nil {
						return err
					}
					x.done("device.clock.done", x.args[0])
					return nil
				}
			}},
		command{name: "preuse", help: "preuse.help", who: userOnly, needs: store.ActPreuseRead, json: jsonArray,
			flags: func(f *cli.Flags) runFunc {
				var filter custody.PreUseFilter
				f.StringVar(&filter.Device, "device", "", "flag.only_device")
				f.BoolVar(&filter.Failed, "failed", false, "preuse.failed")
				f.BoolVar(&filter.Open, "open", false, "preuse.open")
				return func(ctx context.Context, x *call) error { return x.preuse(ctx, filter) }
			}},
		command{name: "preuse ack", args: "ID", help: "preuse.ack.help", who: userOnly, needs: store.ActPreuseAck,
			flags: func(f *cli.Flags) runFunc {
				note := f.String("note", "", "preuse.ack.note")
				f.Require("note")
				return func(ctx context.Context, x *call) error {
					return x.withID(ctx, func(sess *store.Session, id int64) error {
						if err := custody.AckPreUse(ctx, sess, id, *note); err != nil {
							return err
						}
						x.done("preuse.acked", id, time.Now().Format("2006-01-02 15:04"))
						return nil
					})
				}
			}})
}

func (x *call) setDeviceState(ctx context.Context, set, note string) error {
	state, err := x.word(regulation.DeviceStates, "set", set)
	if err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return x.usagef("usage.missing", "--note")
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	serial := x.args[0]
	if err := custody.SetDeviceState(ctx, sess, serial, state, note); err != nil {
		return err
	}
	x.done("device.state.done", serial, regulation.DeviceStates.Word(state, regulation.ZH), state)
	return nil
}

func (x *call) deviceHistory(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	serial := x.args[0]
	if _, err := sess.Device(ctx, serial); err != nil {
		return err
	}
	hist, err := custody.DeviceHistory(ctx, sess, serial)
	if err != nil {
		return err
	}
	return printList(x, hist, "device.state.header", func(w io.Writer, c custody.StateChange) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"), regulation.DeviceStates.Word(c.State, regulation.ZH),
			c.By, oneLine(c.Note))
	})
}

// preUseFlag reads --check: the items of Art. 5 the officer ticked, as
// keys or words (battery,memory,clock or 电池容量,内存空间,系统日期和时间),
// or "none" when the check found nothing right.
func (m *Main) preUseFlag(s string) (*custody.PreUseCheck, error) {
	if s == "" {
		return nil, nil
	}
	c := &custody.PreUseCheck{}
	if s == "none" || s == "无" {
		return c, nil
	}
	keys, err := m.words(regulation.PreUseChecks, "check", s)
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
			return nil, m.usagef("checkout.not_ticked", k)
		}
	}
	return c, nil
}

func (x *call) preuse(ctx context.Context, filter custody.PreUseFilter) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	list, err := custody.PreUseChecks(ctx, sess, filter)
	if err != nil {
		return err
	}
	return printList(x, list, "preuse.header", func(w io.Writer, p custody.PreUseRecord) {
		result := x.tr("preuse.passed")
		if !p.Passed() {
			var ws []string
			for _, k := range p.Problems {
				ws = append(ws, regulation.PreUseChecks.Word(k, regulation.ZH))
			}
			result = x.tr("preuse.failed_with", strings.Join(ws, "、"))
		}
		ack := ""
		if !p.AckAt.IsZero() {
			ack = p.AckAt.Local().Format("2006-01-02 15:04") + " " + p.AckBy
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.At.Local().Format("2006-01-02 15:04"), p.Device, p.Officer, result, ack)
	})
}
