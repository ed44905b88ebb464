package main

import (
	"context"
	"fmt"
	"io"

	"evidock/store"
)

func init() {
	register(command{name: "settings", usage: "settings [--json] | settings set KEY VALUE",
		help: "the workstation's settings, which the window, watch and the command line all read; set changes one (administrator, a ledger entry)",
		run:  (*Main).settingsCmd})
}

func (m *Main) settingsCmd(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "set" {
		return m.settingsSetCmd(ctx, args[1:])
	}
	fs := m.flags("settings")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return exitUsage
	}
	return m.with(ctx, workstationUntilSetUp, func(sess *store.Session) error {
		list, err := sess.SettingList(ctx)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, list, "KEY\tVALUE\tDEFAULT\tCHANGED\tMEANING", func(w io.Writer, s store.Setting) {
			changed := ""
			if !s.ChangedAt.IsZero() {
				changed = s.ChangedAt.Local().Format("2006-01-02 15:04") + " " + s.ChangedBy
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Key, s.Value, s.Default, changed, s.Help)
		})
	})
}

func (m *Main) settingsSetCmd(ctx context.Context, args []string) int {
	fs := m.flags("settings")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(m.Stderr, "evidock settings set: give KEY and VALUE (see evidock settings)")
		return exitUsage
	}
	key, value := fs.Arg(0), fs.Arg(1)
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		if err := sess.SetSetting(ctx, key, value); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s = %s (every window and watch reads it at its next docking)\n", key, value)
		return nil
	})
}
