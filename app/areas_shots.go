package app

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"evidock/store"
)

// areaScreenshots saves the 督查 and 保管 screens (supervise-*, keeping-*)
// as a user holding the roles that see them all, made once in the demo
// data folder by the logged-in administrator.
func (ui *UI) areaScreenshots(shoot func(string), on func(func()), pause func(time.Duration)) {
	if ui.opts.Login == "" {
		return
	}
	admin, err := ui.st.Login(ui.ctx, ui.opts.Login, ui.opts.Password)
	if err != nil {
		fyne.LogError("screenshots: login", err)
		return
	}
	const name = "demo-lead"
	err = admin.AddUser(ui.ctx, store.NewUser{Name: name, Display: "督查演示", Password: ui.opts.Password,
		Roles: []store.Role{store.RoleSupervisor, store.RoleLeader, store.RoleCustodian}})
	if err != nil && !errors.Is(err, store.ErrUserExists) {
		fyne.LogError("screenshots: user", err)
		return
	}
	sess, err := ui.st.Login(ui.ctx, name, ui.opts.Password)
	if err != nil {
		fyne.LogError("screenshots: login", err)
		return
	}
	// The 督查 screens as a supervisor alone, who sees what is beyond
	// their clearance only as a count (Art. 19); the demo made "demo-sup".
	if sup, err := ui.st.Login(ui.ctx, "demo-sup", ui.opts.Password); err == nil {
		on(func() { ui.SetSession(sup) })
	} else {
		on(func() { ui.SetSession(sess) })
	}
	sub := func(top bool, i int) {
		on(func() {
			if top {
				if t := tabNamedIn(ui, T("sv.tab")); t != nil {
					ui.tabs.Select(t)
					ui.supervise.tabs.SelectIndex(i)
				}
				return
			}
			ui.showKeeping(i)
		})
	}
	for i, n := range []string{"supervise", "custody", "notrecorded"} {
		sub(true, i)
		shoot(n)
	}
	on(func() { ui.SetSession(sess) })
	for i, n := range []string{"cases", "purge", "integrity", "storage"} {
		sub(false, i)
		if n == "integrity" {
			on(func() {
				if ui.keeping.integrity != nil {
					ui.keeping.integrity.Run()
				}
			})
			pause(4 * time.Second)
		}
		shoot(n)
	}
	on(func() { ui.SetSession(admin) })
}

// tabNamedIn is the window's tab titled title, or nil.
func tabNamedIn(ui *UI, title string) *container.TabItem {
	for _, it := range ui.tabs.Items {
		if it.Text == title {
			return it
		}
	}
	return nil
}
