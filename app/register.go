package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/store"
)

// registerForm offers to register an unrecognised recorder (profile,
// serial, officer) and then docks it with that profile. Registering needs a
// custodian or administrator; without one logged in it says so.
func (ui *UI) registerForm(vol, label string) fyne.CanvasObject {
	intro := shell.WrapLabel(i18n.T("reg.intro"))
	if !ui.May(store.ActDeviceManage) {
		login := widget.NewButton(i18n.T("reg.login"), func() { ui.Show(shell.ScreenRecords) })
		return container.NewVBox(intro, shell.WrapLabel(i18n.T("reg.need_login")), container.NewHBox(login))
	}
	var names []string
	for _, p := range ui.profiles() {
		names = append(names, p.Name)
	}
	prof := shell.NewPicker(names, nil)
	if len(names) > 0 {
		prof.SetSelected("generic")
	}
	serial := widget.NewEntry()
	serial.SetPlaceHolder(i18n.T("reg.serial_hint"))
	model := widget.NewEntry()
	officer := shell.NewPicker(nil, nil)
	officer.PlaceHolder = i18n.T("reg.officer_pick")
	var officers []store.Officer
	ui.Background(func(ctx context.Context) error {
		var err error
		officers, err = ui.SessFor(ctx).Officers(ctx)
		return err
	}, func(err error) {
		opts := make([]string, len(officers))
		for i, o := range officers {
			opts[i] = o.Number + " " + o.Name
		}
		officer.SetOptions(opts)
	})
	msg := shell.WrapLabel("")
	form := widget.NewForm(widget.NewFormItem(i18n.T("reg.profile"), prof), widget.NewFormItem(i18n.T("reg.serial"), serial),
		widget.NewFormItem(i18n.T("reg.model"), model), widget.NewFormItem(i18n.T("reg.officer"), officer))
	btn := widget.NewButton(i18n.T("reg.submit"), nil)
	btn.Importance = widget.HighImportance
	btn.OnTapped = func() {
		d := store.Device{Serial: strings.TrimSpace(serial.Text), Model: strings.TrimSpace(model.Text), Profile: prof.Selected}
		if f := strings.Fields(officer.Selected); len(f) > 0 {
			d.Officer = f[0]
		}
		if d.Serial == "" || d.Profile == "" {
			msg.SetText(i18n.T("reg.missing"))
			return
		}
		ui.Confirm(i18n.T("q.confirm_title"), i18n.T("reg.confirm", i18n.M{"Serial": d.Serial, "Officer": i18n.OrDash(d.Officer)}), func() {
			btn.Disable()
			ui.Background(func(ctx context.Context) error {
				return ui.SessFor(ctx).AddDevice(ctx, d)
			}, func(err error) {
				if err != nil {
					btn.Enable()
					msg.SetText(i18n.ErrorText(err))
					return
				}
				msg.SetText(i18n.T("reg.done"))
				if ui.svc != nil {
					go ui.svc.Dock(ui.Context(), vol, label, d.Profile, ui.events)
				}
			})
		})
	}
	return container.NewVBox(intro, form, container.NewHBox(btn), msg)
}
