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
	cli.Declare(cli.Command{Name: "device state", Args: "SERIAL", Help: "device.state.help", Who: cli.SetupUntilSetUp, Needs: store.ActDeviceState, JSON: cli.JSONArray,
		Flags: func(f *cli.Flags) cli.RunFunc {
			set := f.String("set", "", "device.state.set", regulation.DeviceStates.Choices())
			note := f.String("note", "", "flag.reason")
			return func(ctx context.Context, x *cli.Call) error {
				if *set != "" {
					return setDeviceState(x, ctx, *set, *note)
				}
				return deviceHistory(x, ctx)
			}
		}},
		cli.Command{Name: "device clock", Args: "SERIAL", Help: "device.clock.help", Who: cli.SetupUntilSetUp, Needs: store.ActDeviceClockFix,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "device.clock.note")
				f.Require("note")
				return func(ctx context.Context, x *cli.Call) error {
					return x.Act(ctx, func(sess *store.Session) error { return custody.CorrectClock(ctx, sess, x.Args[0], *note) }, "device.clock.done", x.Args[0])
				}
			}},
		cli.Command{Name: "preuse", Help: "preuse.help", Who: cli.UserOnly, Needs: store.ActPreuseRead, JSON: cli.JSONArray,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var filter custody.PreUseFilter
				f.StringVar(&filter.Device, "device", "", "flag.only_device")
				f.BoolVar(&filter.Failed, "failed", false, "preuse.failed")
				f.BoolVar(&filter.Open, "open", false, "preuse.open")
				return func(ctx context.Context, x *cli.Call) error { return preuse(x, ctx, filter) }
			}},
		cli.Command{Name: "preuse ack", Args: "ID", Help: "preuse.ack.help", Who: cli.UserOnly, Needs: store.ActPreuseAck,
			Flags: func(f *cli.Flags) cli.RunFunc {
				note := f.String("note", "", "preuse.ack.note")
				f.Require("note")
				return func(ctx context.Context, x *cli.Call) error {
					return x.WithID(ctx, func(sess *store.Session, id int64) error {
						if err := custody.AckPreUse(ctx, sess, id, *note); err != nil {
							return err
						}
						x.Done("preuse.acked", id, time.Now().Format("2006-01-02 15:04"))
						return nil
					})
				}
			}})
}

func setDeviceState(x *cli.Call, ctx context.Context, set, note string) error {
	state, err := x.Word(regulation.DeviceStates, "set", set)
	if err != nil {
		return err
	}
	if strings.TrimSpace(note) == "" {
		return x.Usagef("usage.missing", "--note")
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	serial := x.Args[0]
	if err := custody.SetDeviceState(ctx, sess, serial, state, note); err != nil {
		return err
	}
	x.Done("device.state.done", serial, regulation.DeviceStates.Word(state, regulation.ZH), state)
	return nil
}

func deviceHistory(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	serial := x.Args[0]
	if _, err := sess.Device(ctx, serial); err != nil {
		return err
	}
	hist, err := custody.DeviceHistory(ctx, sess, serial)
	if err != nil {
		return err
	}
	return cli.PrintList(x, hist, "device.state.header", func(w io.Writer, c custody.StateChange) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"), regulation.DeviceStates.Word(c.State, regulation.ZH),
			c.By, cli.OneLine(c.Note))
	})
}

// preUseFlag reads --check: the items of Art. 5 the officer ticked, as
// keys or words (battery,memory,clock or 电池容量,内存空间,系统日期和时间),
// or "none" when the check found nothing right.
func preUseFlag(m *cli.Main, s string) (*custody.PreUseCheck, error) {
	if s == "" {
		return nil, nil
	}
	c := &custody.PreUseCheck{}
	if s == "none" || s == "无" {
		return c, nil
	}
	keys, err := m.Words(regulation.PreUseChecks, "check", s)
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
			return nil, m.Usagef("checkout.not_ticked", k)
		}
	}
	return c, nil
}

func preuse(x *cli.Call, ctx context.Context, filter custody.PreUseFilter) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	list, err := custody.PreUseChecks(ctx, sess, filter)
	if err != nil {
		return err
	}
	return cli.PrintList(x, list, "preuse.header", func(w io.Writer, p custody.PreUseRecord) {
		result := x.Tr("preuse.passed")
		if !p.Passed() {
			var ws []string
			for _, k := range p.Problems {
				ws = append(ws, regulation.PreUseChecks.Word(k, regulation.ZH))
			}
			result = x.Tr("preuse.failed_with", strings.Join(ws, "、"))
		}
		ack := ""
		if !p.AckAt.IsZero() {
			ack = p.AckAt.Local().Format("2006-01-02 15:04") + " " + p.AckBy
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.At.Local().Format("2006-01-02 15:04"), p.Device, p.Officer, result, ack)
	})
}
