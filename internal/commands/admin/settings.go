package admin

import (
	"context"
	"fmt"
	"io"

	"evidock/internal/cli"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "settings", Help: "settings.help", Who: cli.WorkstationUntilSetUp, Needs: store.ActSettingsRead, JSON: cli.JSONArray,
		Flags: cli.Plain(settingsList)},
		cli.Command{Name: "settings set", Args: "KEY VALUE", Help: "settings.set.help", Who: cli.UserOnly, Needs: store.ActSettingsChange,
			Flags: func(*cli.Flags) cli.RunFunc {
				return func(ctx context.Context, x *cli.Call) error {
					sess, err := x.Session(ctx)
					if err != nil {
						return err
					}
					key, value := x.Args[0], x.Args[1]
					if err := sess.SetSetting(ctx, key, value); err != nil {
						return err
					}
					x.Done("settings.set", key, value)
					return nil
				}
			}})
}

func settingsList(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	list, err := sess.SettingList(ctx)
	if err != nil {
		return err
	}
	return cli.PrintList(x, list, "settings.header", func(w io.Writer, s store.Setting) {
		changed := ""
		if !s.ChangedAt.IsZero() {
			changed = s.ChangedAt.Local().Format("2006-01-02 15:04") + " " + s.ChangedBy
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Key, s.Value, s.Default, changed, s.Help)
	})
}
