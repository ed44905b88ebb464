package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"evidock/regulation"
	"evidock/store"
)

// userVerbs are the verbs of `evidock user`; set in init, as they refer to
// themselves for their usage.
var userVerbs map[string]subcommand

func init() {
	userVerbs = map[string]subcommand{
		"add": {usage: "add NAME --roles ROLE[,ROLE] [--officer 警号] [--display TEXT]",
			help: "create an account (its password from $EVIDOCK_NEW_PASSWORD or asked twice); roles: " + roleNames(),
			run:  (*Main).userAddCmd},
		"list": {usage: "list [--json]", help: "list every account, disabled ones too", run: (*Main).userListCmd},
		"disable": {usage: "disable NAME [--reason TEXT]", help: "stop an account from logging in; its history stays",
			run: func(m *Main, ctx context.Context, args []string) int { return m.userSetCmd(ctx, "disable", args) }},
		"enable": {usage: "enable NAME [--reason TEXT]", help: "let a disabled account log in again",
			run: func(m *Main, ctx context.Context, args []string) int { return m.userSetCmd(ctx, "enable", args) }},
	}
	registerVerbs("user", "user add|list|disable|enable …",
		"manage accounts (as administrator)", userVerbs)
}

func roleNames() string {
	var s []string
	for _, r := range store.UserRoles {
		s = append(s, string(r)+" "+regulation.Roles.Word(string(r), regulation.ZH))
	}
	return strings.Join(s, ", ")
}

func (m *Main) userAddCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("user add", userVerbs["add"])
	roles := fs.String("roles", "", "comma-separated roles: "+roleNames())
	officer := fs.String("officer", "", "the officer number (警号) linking the user to recordings")
	display := fs.String("display", "", "the name as shown (显示名)")
	name, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	if *roles == "" {
		fs.Usage()
		return exitUsage
	}
	keys, err := words(regulation.Roles, "roles", *roles)
	if err != nil {
		return m.fail(err)
	}
	var rs []store.Role
	for _, r := range keys {
		rs = append(rs, store.Role(r))
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		var pw string
		// Ask for the new password only of someone who may add users (the
		// others' attempt is refused, and ledgered, by AddUser itself); the
		// service account's password is a token the store keeps.
		if sess.May(store.ActUserAdd) && !slices.Contains(rs, store.RoleService) {
			var err error
			if pw, err = m.newPassword(name); err != nil {
				return err
			}
		}
		if err := sess.AddUser(ctx, store.NewUser{Name: name, Display: *display, OfficerID: *officer, Roles: rs, Password: pw}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "user %s added\n", name)
		return nil
	})
}

func (m *Main) userListCmd(ctx context.Context, args []string) int {
	fs := m.verbFlags("user list", userVerbs["list"])
	asJSON := fs.Bool("json", false, "print a JSON array")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		users, err := sess.Users(ctx)
		if err != nil {
			return err
		}
		return printList(m, *asJSON, users, "NAME\tDISPLAY\tOFFICER\tROLES\tSTATE", func(w io.Writer, u store.User) {
			state := "active"
			if u.Disabled {
				state = "disabled"
			} else if !u.LockedUntil.IsZero() {
				state = "locked until " + u.LockedUntil.Local().Format(time.DateTime)
			}
			var roles []string
			for _, r := range u.Roles {
				roles = append(roles, string(r))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Name, oneLine(u.Display), u.OfficerID, strings.Join(roles, ","), state)
		})
	})
}

func (m *Main) userSetCmd(ctx context.Context, verb string, args []string) int {
	fs := m.verbFlags("user "+verb, userVerbs[verb])
	reason := fs.String("reason", "", "why (kept in the ledger)")
	name, code, ok := parseOne(fs, args)
	if !ok {
		return code
	}
	return m.with(ctx, userOnly, func(sess *store.Session) error {
		var err error
		if verb == "disable" {
			err = sess.DisableUser(ctx, name, *reason)
		} else {
			err = sess.EnableUser(ctx, name, *reason)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "user %s %sd\n", name, verb)
		return nil
	})
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
