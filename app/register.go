package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// registerForm offers to register an unrecognised recorder (profile,
// serial, officer) and then docks it with that profile. Registering needs a
// custodian or administrator; without one logged in it says so.
func (ui *UI) registerForm(vol, label string) fyne.CanvasObject {
	intro := wrapLabel(T("reg.intro"))
	if !ui.may(store.ActDeviceManage) {
		login := widget.NewButton(T("reg.login"), func() { ui.Show(ScreenRecords) })
		return container.NewVBox(intro, wrapLabel(T("reg.need_login")), container.NewHBox(login))
	}
	var names []string
	for _, p := range ui.profiles() {
		names = append(names, p.Name)
	}
	prof := newPicker(names, nil)
	if len(names) > 0 {
		prof.SetSelected("generic")
	}
	serial := widget.NewEntry()
	serial.SetPlaceHolder(T("reg.serial_hint"))
	model := widget.NewEntry()
	officer := newPicker(nil, nil)
	officer.PlaceHolder = T("reg.officer_pick")
	var officers []store.Officer
	ui.background(func(ctx context.Context) error {
		var err error
		officers, err = ui.sessFor(ctx).Officers(ctx)
		return err
	}, func(err error) {
		opts := make([]string, len(officers))
		for i, o := range officers {
			opts[i] = o.Number + " " + o.Name
		}
		officer.SetOptions(opts)
	})
	msg := wrapLabel("")
	form := widget.NewForm(widget.NewFormItem(T("reg.profile"), prof), widget.NewFormItem(T("reg.serial"), serial),
		widget.NewFormItem(T("reg.model"), model), widget.NewFormItem(T("reg.officer"), officer))
	btn := widget.NewButton(T("reg.submit"), nil)
	btn.Importance = widget.HighImportance
	btn.OnTapped = func() {
		d := store.Device{Serial: strings.TrimSpace(serial.Text), Model: strings.TrimSpace(model.Text), Profile: prof.Selected}
		if f := strings.Fields(officer.Selected); len(f) > 0 {
			d.Officer = f[0]
		}
		if d.Serial == "" || d.Profile == "" {
			msg.SetText(T("reg.missing"))
			return
		}
		ui.confirm(T("q.confirm_title"), T("reg.confirm", M{"Serial": d.Serial, "Officer": orDash(d.Officer)}), func() {
			btn.Disable()
			ui.background(func(ctx context.Context) error {
				return ui.sessFor(ctx).AddDevice(ctx, d)
			}, func(err error) {
				if err != nil {
					btn.Enable()
					msg.SetText(ErrorText(err))
					return
				}
				msg.SetText(T("reg.done"))
				if ui.svc != nil {
					go ui.svc.Dock(ui.Context(), vol, label, d.Profile, ui.events)
				}
			})
		})
	}
	return container.NewVBox(intro, form, container.NewHBox(btn), msg)
}
