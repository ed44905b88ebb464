package main

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
	declare(command{name: "user", help: "user.help"},
		command{name: "user add", args: "NAME", help: "user.add.help", who: userOnly, needs: store.ActUserAdd,
			flags: func(f *cli.Flags) runFunc {
				roles := f.String("roles", "", "user.add.roles", roleNames())
				officer := f.String("officer", "", "user.add.officer")
				display := f.String("display", "", "user.add.display")
				f.Require("roles")
				return func(ctx context.Context, x *call) error { return x.userAdd(ctx, *roles, *officer, *display) }
			}},
		command{name: "user list", help: "user.list.help", who: userOnly, needs: store.ActUserList, json: jsonArray,
			flags: plain((*call).userList)},
		command{name: "user disable", args: "NAME", help: "user.disable.help", who: userOnly, needs: store.ActUserDisable,
			flags: func(f *cli.Flags) runFunc { return userSet(f, "disable") }},
		command{name: "user enable", args: "NAME", help: "user.enable.help", who: userOnly, needs: store.ActUserEnable,
			flags: func(f *cli.Flags) runFunc { return userSet(f, "enable") }})
}

// roleNames lists the roles' keys with the regulation's words.
func roleNames() string {
	var s []string
	for _, r := range store.UserRoles {
		s = append(s, string(r)+" "+regulation.Roles.Word(string(r), regulation.ZH))
	}
	return strings.Join(s, ", ")
}

func (x *call) userAdd(ctx context.Context, roles, officer, display string) error {
	keys, err := x.words(regulation.Roles, "roles", roles)
	if err != nil {
		return err
	}
	var rs []store.Role
	for _, r := range keys {
		rs = append(rs, store.Role(r))
	}
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	name := x.args[0]
	var pw string
	// Ask for the new password only of someone who may add users (the
	// others' attempt is refused, and ledgered, by AddUser itself); the
	// service account's password is a token the store keeps.
	if sess.May(store.ActUserAdd) && !slices.Contains(rs, store.RoleService) {
		if pw, err = x.newPassword(name); err != nil {
			return err
		}
	}
	if err := sess.AddUser(ctx, store.NewUser{Name: name, Display: display, OfficerID: officer, Roles: rs, Password: pw}); err != nil {
		return err
	}
	x.done("user.added", name)
	return nil
}

func (x *call) userList(ctx context.Context) error {
	sess, err := x.session(ctx)
	if err != nil {
		return err
	}
	users, err := sess.Users(ctx)
	if err != nil {
		return err
	}
	return printList(x, users, "user.list.header", func(w io.Writer, u store.User) {
		state := x.tr("user.state.active")
		if u.Disabled {
			state = x.tr("user.state.disabled")
		} else if !u.LockedUntil.IsZero() {
			state = x.tr("user.state.locked", u.LockedUntil.Local().Format(time.DateTime))
		}
		var roles []string
		for _, r := range u.Roles {
			roles = append(roles, string(r))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Name, oneLine(u.Display), u.OfficerID, strings.Join(roles, ","), state)
	})
}

// userSet is `user disable` and `user enable`.
func userSet(f *cli.Flags, verb string) runFunc {
	reason := f.String("reason", "", "flag.reason")
	return func(ctx context.Context, x *call) error {
		sess, err := x.session(ctx)
		if err != nil {
			return err
		}
		name := x.args[0]
		if verb == "disable" {
			err = sess.DisableUser(ctx, name, *reason)
		} else {
			err = sess.EnableUser(ctx, name, *reason)
		}
		if err != nil {
			return err
		}
		x.done("user."+verb+"d", name)
		return nil
	}
}

// oneLine makes text safe for one cell of a terminal table: control
// characters (escape sequences, line breaks) are shown as Go escapes.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
