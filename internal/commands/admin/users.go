package admin

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"evidock/internal/cli"
	"evidock/regulation"
	"evidock/store"
)

func init() {
	cli.Declare(cli.Command{Name: "user", Help: "user.help"},
		cli.Command{Name: "user add", Args: "NAME", Help: "user.add.help", Who: cli.UserOnly, Needs: store.ActUserAdd,
			Flags: func(f *cli.Flags) cli.RunFunc {
				roles := f.String("roles", "", "user.add.roles", roleNames())
				officer := f.String("officer", "", "user.add.officer")
				display := f.String("display", "", "user.add.display")
				f.Require("roles")
				return func(ctx context.Context, x *cli.Call) error { return userAdd(x, ctx, *roles, *officer, *display) }
			}},
		cli.Command{Name: "user list", Help: "user.list.help", Who: cli.UserOnly, Needs: store.ActUserList, JSON: cli.JSONArray,
			Flags: cli.Plain(userList)},
		cli.Command{Name: "user disable", Args: "NAME", Help: "user.disable.help", Who: cli.UserOnly, Needs: store.ActUserDisable,
			Flags: func(f *cli.Flags) cli.RunFunc { return userSet(f, "disable") }},
		cli.Command{Name: "user enable", Args: "NAME", Help: "user.enable.help", Who: cli.UserOnly, Needs: store.ActUserEnable,
			Flags: func(f *cli.Flags) cli.RunFunc { return userSet(f, "enable") }})
}

// roleNames lists the roles' keys with the regulation's words.
func roleNames() string {
	var s []string
	for _, r := range store.UserRoles {
		s = append(s, string(r)+" "+regulation.Roles.Word(string(r), regulation.ZH))
	}
	return strings.Join(s, ", ")
}

func userAdd(x *cli.Call, ctx context.Context, roles, officer, display string) error {
	keys, err := x.Words(regulation.Roles, "roles", roles)
	if err != nil {
		return err
	}
	var rs []store.Role
	for _, r := range keys {
		rs = append(rs, store.Role(r))
	}
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	name := x.Args[0]
	var pw string
	// Ask for the new password only of someone who may add users (the
	// others' attempt is refused, and ledgered, by AddUser itself); the
	// service account's password is a token the store keeps.
	if sess.May(store.ActUserAdd) && !slices.Contains(rs, store.RoleService) {
		if pw, err = x.NewPassword(name); err != nil {
			return err
		}
	}
	if err := sess.AddUser(ctx, store.NewUser{Name: name, Display: display, OfficerID: officer, Roles: rs, Password: pw}); err != nil {
		return err
	}
	x.Done("user.added", name)
	return nil
}

func userList(x *cli.Call, ctx context.Context) error {
	sess, err := x.Session(ctx)
	if err != nil {
		return err
	}
	users, err := sess.Users(ctx)
	if err != nil {
		return err
	}
	return cli.PrintList(x, users, "user.list.header", func(w io.Writer, u store.User) {
		state := x.Tr("user.state.active")
		if u.Disabled {
			state = x.Tr("user.state.disabled")
		} else if !u.LockedUntil.IsZero() {
			state = x.Tr("user.state.locked", u.LockedUntil.Local().Format(time.DateTime))
		}
		var roles []string
		for _, r := range u.Roles {
			roles = append(roles, string(r))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Name, cli.OneLine(u.Display), u.OfficerID, strings.Join(roles, ","), state)
	})
}

// userSet is `user disable` and `user enable`.
func userSet(f *cli.Flags, verb string) cli.RunFunc {
	reason := f.String("reason", "", "flag.reason")
	return func(ctx context.Context, x *cli.Call) error {
		sess, err := x.Session(ctx)
		if err != nil {
			return err
		}
		name := x.Args[0]
		if verb == "disable" {
			err = sess.DisableUser(ctx, name, *reason)
		} else {
			err = sess.EnableUser(ctx, name, *reason)
		}
		if err != nil {
			return err
		}
		x.Done("user."+verb+"d", name)
		return nil
	}
}
