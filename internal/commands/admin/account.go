package admin

import (
	"context"

	"evidock/internal/cli"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "init", Help: "init.help", Who: cli.NoSession,
		Flags: func(f *cli.Flags) cli.RunFunc {
			admin := f.String("admin", "", "init.admin")
			display := f.String("display", "", "init.display")
			f.Require("admin")
			return func(ctx context.Context, x *cli.Call) error { return initCmd(x, ctx, *admin, *display) }
		}},
		cli.Command{Name: "passwd", Args: "[NAME]", Help: "passwd.help", Who: cli.UserOnly, Needs: store.ActUserPassword,
			Flags: cli.Plain(passwdCmd)})
}

func initCmd(x *cli.Call, ctx context.Context, admin, display string) error {
	st, err := x.Open()
	if err != nil {
		return err
	}
	if has, err := st.HasUsers(ctx); err != nil {
		return err
	} else if has {
		return store.ErrSetUp
	}
	pw := x.Getenv("EVIDOCK_PASSWORD")
	if pw == "" {
		if pw, err = x.NewPassword(admin); err != nil {
			return err
		}
	}
	if _, err := st.InitAdmin(ctx, admin, display, pw); err != nil {
		return err
	}
	x.Done("init.done", admin)
	return nil
}

func passwdCmd(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	name := sess.Actor().Name
	if len(x.Args) == 1 {
		name = x.Args[0]
	}
	pw, err := x.NewPassword(name)
	if err != nil {
		return err
	}
	if err := sess.ChangePassword(ctx, name, x.Password, pw); err != nil {
		return err
	}
	x.Done("passwd.done", name)
	return nil
}
