package main

import (
	"context"
	"fmt"
	"io"

	"evidock/regulation"
	"evidock/store"
)

// deviceVerbs and officerVerbs are the verbs of `evidock device` and
// `evidock officer`; set in init.
var deviceVerbs, officerVerbs map[string]subcommand

func init() {
	deviceVerbs = map[string]subcommand{
		"add": {usage: "add SERIAL [--model TEXT] [--profile NAME] [--officer NUMBER] [--timezone ZONE]",
			help: "register a recorder, or change its model, profile or assigned officer", run: (*Main).deviceAddCmd},
		"list": {usage: "list [--json]", help: "list registered recorders with their state (在用/维修/报废/遗失)", run: (*Main).deviceListCmd},
		"state": {usage: "state SERIAL [--set STATE --note TEXT] [--json]",
			help: "a recorder's history of states, or change it (Art. 5, 20(7): " + regulation.DeviceStates.Choices() + ")", run: (*Main).deviceStateCmd},
		"clock": {usage: "clock SERIAL --note TEXT",
			help: "record that a recorder's clock, found off by more than 5 minutes at docking, was corrected (Art. 5)", run: (*Main).deviceClockCmd},
	}
	officerVerbs = map[string]subcommand{
		"add": {usage: "add NUMBER --name NAME [--unit TEXT]",
			help: "register an officer by number (警号), or change name and unit", run: (*Main).officerAddCmd},
		"list": {usage: "list [--json]", help: "list registered officers", run: (*Main).officerListCmd},
	}
	registerVerbs("device", "device add|list|state|clock ...", "register recorders, their state and clock", deviceVerbs)
	registerVerbs("officer", "officer add|list ...", "register officers (执法人员) and list them", officerVerbs)
}

func (m *Main) deviceAddCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("device", deviceVerbs["add"])
	model := fs.String("model", "", "model name")
	prof := fs.String("profile", "", "device profile name (see the profiles in the README)")
	officer := fs.String("officer", "", "number (警号) of the officer the recorder is assigned to")
	zone := fs.String("timezone", "", "the recorder's clock zone, e.g. Asia/Shanghai (default: the workstation's)")
	serial, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if err := sess.AddDevice(ctx, store.Device{Serial: serial, Model: *model, Profile: *prof, Officer: *officer, Timezone: *zone}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "recorder %s registered\n", serial)
		return nil
	})
}

func (m *Main) deviceListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("device", deviceVerbs["list"])
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		ds, err := sess.DeviceStatuses(ctx)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, ds, "SERIAL\tMODEL\tPROFILE\tOFFICER\tTIMEZONE\tSTATE\tCLOCK", func(w io.Writer, d store.DeviceStatus) {
			clock := ""
			if d.ClockOff != 0 {
				clock = fmt.Sprintf("off %+.0f s since %s", d.ClockOffS, d.ClockFlagAt.Local().Format("2006-01-02 15:04"))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Serial, d.Model, d.Profile, d.Officer, d.Timezone,
				regulation.DeviceStates.Word(d.State, regulation.ZH), clock)
		})
	})
}

func (m *Main) officerAddCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("officer", officerVerbs["add"])
	name := fs.String("name", "", "the officer's name")
	unit := fs.String("unit", "", "unit or team")
	number, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if *name == "" {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		if err := sess.AddOfficer(ctx, store.Officer{Number: number, Name: *name, Unit: *unit}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "officer %s (%s) registered\n", number, *name)
		return nil
	})
}

func (m *Main) officerListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("officer", officerVerbs["list"])
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, setupUntilSetUp, func(sess *store.Session) error {
		os, err := sess.Officers(ctx)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, os, "NUMBER\tNAME\tUNIT", func(w io.Writer, o store.Officer) {
			fmt.Fprintf(w, "%s\t%s\t%s\n", o.Number, o.Name, o.Unit)
		})
	})
}
