package admin

import (
	"context"
	"fmt"
	"io"

	"evidock/custody"
	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "device", Help: "device.help"},
		cli.Command{Name: "device add", Args: "SERIAL", Help: "device.add.help", Who: cli.SetupUntilSetUp, Needs: store.ActDeviceManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var d store.Device
				f.StringVar(&d.Model, "model", "", "device.add.model")
				f.StringVar(&d.Profile, "profile", "", "device.add.profile")
				f.StringVar(&d.Officer, "officer", "", "device.add.officer")
				f.StringVar(&d.Timezone, "timezone", "", "device.add.timezone")
				return func(ctx context.Context, x *cli.Call) error {
					d.Serial = x.Args[0]
					return x.Act(ctx, func(sess *store.Session) error { return sess.AddDevice(ctx, d) }, "device.added", d.Serial)
				}
			}},
		cli.Command{Name: "device list", Help: "device.list.help", Who: cli.SetupUntilSetUp, Needs: store.ActDeviceRead, JSON: cli.JSONArray,
			Flags: cli.Plain(deviceList)},
		cli.Command{Name: "officer", Help: "officer.help"},
		cli.Command{Name: "officer add", Args: "NUMBER", Help: "officer.add.help", Who: cli.SetupUntilSetUp, Needs: store.ActOfficerManage,
			Flags: func(f *cli.Flags) cli.RunFunc {
				var o store.Officer
				f.StringVar(&o.Name, "name", "", "officer.add.name")
				f.StringVar(&o.Unit, "unit", "", "officer.add.unit")
				f.Require("name")
				return func(ctx context.Context, x *cli.Call) error {
					o.Number = x.Args[0]
					return x.Act(ctx, func(sess *store.Session) error { return sess.AddOfficer(ctx, o) }, "officer.added", o.Number, o.Name)
				}
			}},
		cli.Command{Name: "officer list", Help: "officer.list.help", Who: cli.SetupUntilSetUp, Needs: store.ActDeviceRead, JSON: cli.JSONArray,
			Flags: cli.Plain(officerList)})
}

func deviceList(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	ds, err := custody.DeviceStatuses(ctx, sess)
	if err != nil {
		return err
	}
	return cli.PrintList(x, ds, "device.list.header", func(w io.Writer, d custody.DeviceStatus) {
		clock := ""
		if d.ClockOff != 0 {
			clock = x.Tr("device.clock_off", d.ClockOffS, d.ClockFlagAt.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Serial, d.Model, d.Profile, d.Officer, d.Timezone,
			regulation.DeviceStates.Word(d.State, string(x.Lang())), clock)
	})
}

func officerList(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	os, err := sess.Officers(ctx)
	if err != nil {
		return err
	}
	return cli.PrintList(x, os, "officer.list.header", func(w io.Writer, o store.Officer) {
		fmt.Fprintf(w, "%s\t%s\t%s\n", o.Number, o.Name, o.Unit)
	})
}
