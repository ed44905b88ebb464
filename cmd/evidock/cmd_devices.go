package main

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
	declare(command{name: "device", help: "device.help"},
		command{name: "device add", args: "SERIAL", help: "device.add.help", who: setupUntilSetUp, needs: store.ActDeviceManage,
			flags: func(f *cli.Flags) runFunc {
				var d store.Device
				f.StringVar(&d.Model, "model", "", "device.add.model")
				f.StringVar(&d.Profile, "profile", "", "device.add.profile")
				f.StringVar(&d.Officer, "officer", "", "device.add.officer")
				f.StringVar(&d.Timezone, "timezone", "", "device.add.timezone")
				return func(ctx context.Context, x *call) error {
					d.Serial = x.args[0]
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := sess.AddDevice(ctx, d); err != nil {
						return err
					}
					x.done("device.added", d.Serial)
					return nil
				}
			}},
		command{name: "device list", help: "device.list.help", who: setupUntilSetUp, needs: store.ActDeviceRead, json: jsonArray,
			flags: plain((*call).deviceList)},
		command{name: "officer", help: "officer.help"},
		command{name: "officer add", args: "NUMBER", help: "officer.add.help", who: setupUntilSetUp, needs: store.ActOfficerManage,
			flags: func(f *cli.Flags) runFunc {
				var o store.Officer
				f.StringVar(&o.Name, "name", "", "officer.add.name")
				f.StringVar(&o.Unit, "unit", "", "officer.add.unit")
				f.Require("name")
				return func(ctx context.Context, x *call) error {
					o.Number = x.args[0]
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					if err := sess.AddOfficer(ctx, o); err != nil {
						return err
					}
					x.done("officer.added", o.Number, o.Name)
					return nil
				}
			}},
		command{name: "officer list", help: "officer.list.help", who: setupUntilSetUp, needs: store.ActDeviceRead, json: jsonArray,
			flags: plain((*call).officerList)})
}

func (x *call) deviceList(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	ds, err := custody.DeviceStatuses(ctx, sess)
	if err != nil {
		return err
	}
	return printList(x, ds, "device.list.header", func(w io.Writer, d custody.DeviceStatus) {
		clock := ""
		if d.ClockOff != 0 {
			clock = x.tr("device.clock_off", d.ClockOffS, d.ClockFlagAt.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Serial, d.Model, d.Profile, d.Officer, d.Timezone,
			regulation.DeviceStates.Word(d.State, string(x.p.Lang())), clock)
	})
}

func (x *call) officerList(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	os, err := sess.Officers(ctx)
	if err != nil {
		return err
	}
	return printList(x, os, "officer.list.header", func(w io.Writer, o store.Officer) {
		fmt.Fprintf(w, "%s\t%s\t%s\n", o.Number, o.Name, o.Unit)
	})
}
