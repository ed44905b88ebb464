package main

import (
	"context"
	"fmt"
	"io"

	"evidock/internal/cli"
	"evidock/store"
)

func init() {
	declare(command{name: "settings", help: "settings.help", who: workstationUntilSetUp, needs: store.ActSettingsRead, json: jsonArray,
		flags: plain((*call).settingsList)},
		command{name: "settings set", args: "KEY VALUE", help: "settings.set.help", who: userOnly, needs: store.ActSettingsChange,
			flags: func(*cli.Flags) runFunc {
				return func(ctx context.Context, x *call) error {
					sess, err := x.session(ctx)
					if err != nil {
						return err
					}
					key, value := x.args[0], x.args[1]
					if err := sess.SetSetting(ctx, key, value); err != nil {
						return err
					}
					x.done("settings.set", key, value)
					return nil
				}
			}})
}

func (x *call) settingsList(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	list, err := sess.SettingList(ctx)
	if err != nil {
		return err
	}
	return printList(x, list, "settings.header", func(w io.Writer, s store.Setting) {
		changed := ""
		if !s.ChangedAt.IsZero() {
			changed = s.ChangedAt.Local().Format("2006-01-02 15:04") + " " + s.ChangedBy
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Key, s.Value, s.Default, changed, s.Help)
	})
}
