package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/store"
)

// usersView is 设置 → 用户: the workstation's accounts for the
// administrator, as the core lists them (store.Session.Users, a ledger
// entry; the core's role table decides who may).
type usersView struct {
	ui     *UI
	Root   fyne.CanvasObject
	Table  *shell.DataTable[store.User]
	Detail *widget.Label
	Rows   []store.User
}

// userColumns are the columns of the users' table.
func userColumns() []shell.Column[store.User] {
	return []shell.Column[store.User]{
		shell.Col("lists.users_col_login", 100, func(u store.User) string { return u.Name }),
		shell.Col("lists.users_col_name", 110, func(u store.User) string { return i18n.OrDash(u.Display) }),
		shell.Col("lists.users_col_roles", 230, func(u store.User) string { return userRoles(u) }),
		shell.Col("lists.users_col_officer", 130, func(u store.User) string { return i18n.OrDash(u.OfficerID) }),
		shell.Col("lists.users_col_state", 110, func(u store.User) string { return userState(u) }),
		shell.WhenCol("tables.col_created", 150, func(u store.User) time.Time { return u.CreatedAt }),
	}
}

// userRoles are u's roles in the regulation's words.
func userRoles(u store.User) string {
	out := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		out[i] = i18n.Role(string(r))
	}
	return i18n.OrDash(strings.Join(out, i18n.T("list.sep")))
}

// userState says whether u may log in.
func userState(u store.User) string {
	switch {
	case u.Disabled:
		return i18n.T("lists.users_disabled")
	case !u.LockedUntil.IsZero():
		return i18n.T("lists.users_locked")
	}
	return i18n.T("lists.users_enabled")
}

func newUsersView(ui *UI) *usersView {
	v := &usersView{ui: ui, Detail: shell.WrapLabel(i18n.T("tables.pick_row"))}
	v.Table = shell.NewDataTable(ui.Shell, userColumns(), 0, false, shell.Filters[store.User]{
		Day:    func(u store.User) time.Time { return u.CreatedAt },
		Person: func(u store.User) string { return u.Name },
	})
	v.Table.OnSelect = func(u store.User) {
		v.Detail.SetText(i18n.T("lists.users_detail", i18n.M{"Login": u.Name, "Name": ui.PersonName(u.Name), "Roles": userRoles(u),
			"State": userState(u), "At": i18n.When(u.CreatedAt), "By": ui.PersonName(u.CreatedBy)}))
	}
	v.Table.OnUnselect = func() { v.Detail.SetText(i18n.T("tables.pick_row")) }
	refresh := widget.NewButton(i18n.T("lists.refresh"), v.Load)
	head := container.NewHBox(shell.BoldLabel(i18n.T("lists.users_title")), shell.Spacer(), refresh)
	v.Root = container.NewBorder(head, v.Detail, nil, nil, v.Table.Root)
	v.Load()
	return v
}

// Load reads the accounts anew.
func (v *usersView) Load() {
	shell.LoadRows(v.ui.Shell, v.Detail, nil, func(ctx context.Context, sess *store.Session) ([]store.User, error) {
		return sess.Users(ctx)
	}, func(rows []store.User) {
		v.Rows = rows
		v.Table.Set(rows)
	})
}
