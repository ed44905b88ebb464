package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/store"
)

// loginView asks for a user name and password, or, while no user exists,
// for the first administrator's account (there is no default password).
type loginView struct {
	ui      *UI
	Root    fyne.CanvasObject
	name    *widget.Entry
	display *widget.Entry
	pass    *widget.Entry
	again   *widget.Entry
	message *widget.Label
	submit  *widget.Button
	first   bool
}

func newLoginView(ui *UI) *loginView {
	v := &loginView{ui: ui, name: widget.NewEntry(), display: widget.NewEntry(),
		pass: widget.NewPasswordEntry(), again: widget.NewPasswordEntry(), message: widget.NewLabel("")}
	v.message.Wrapping = fyne.TextWrapWord
	has, err := ui.Store().HasUsers(ui.Context())
	if err != nil {
		v.message.SetText(i18n.ErrorText(err))
	}
	v.first = err == nil && !has
	v.name.SetPlaceHolder(i18n.T("login.name_hint"))
	v.pass.OnSubmitted = func(string) { v.do() }
	v.again.OnSubmitted = func(string) { v.do() }
	var title, intro string
	form := widget.NewForm(widget.NewFormItem(i18n.T("login.name"), v.name))
	if v.first {
		title, intro = i18n.T("setup.title"), i18n.T("setup.intro", i18n.M{"N": store.MinPasswordLen})
		form.Append(i18n.T("setup.display"), v.display)
		form.Append(i18n.T("login.password"), v.pass)
		form.Append(i18n.T("setup.again"), v.again)
		v.submit = widget.NewButton(i18n.T("setup.create"), v.do)
	} else {
		title, intro = i18n.T("login.title"), i18n.T("login.intro")
		form.Append(i18n.T("login.password"), v.pass)
		v.submit = widget.NewButton(i18n.T("login.submit"), v.do)
	}
	v.submit.Importance = widget.HighImportance
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(intro)
	text.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(head, text, form, v.submit, v.message)
	v.Root = container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 420), box))
	return v
}

// do logs in, or creates the first administrator.
func (v *loginView) do() {
	name, pass := strings.TrimSpace(v.name.Text), v.pass.Text
	if name == "" || pass == "" {
		v.message.SetText(i18n.T("login.missing"))
		return
	}
	if v.first && pass != v.again.Text {
		v.message.SetText(i18n.T("setup.mismatch"))
		return
	}
	v.submit.Disable()
	v.message.SetText(i18n.T("login.checking"))
	var sess *store.Session
	display := strings.TrimSpace(v.display.Text)
	v.ui.Background(func(ctx context.Context) error {
		var err error
		if v.first {
			if display == "" {
				display = name
			}
			sess, err = v.ui.Store().InitAdmin(ctx, name, display, pass)
		} else {
			sess, err = v.ui.Store().Login(ctx, name, pass)
		}
		return err
	}, func(err error) {
		v.submit.Enable()
		if err != nil {
			v.pass.SetText("")
			v.again.SetText("")
			v.message.SetText(i18n.ErrorText(err))
			return
		}
		v.ui.SetSession(sess)
	})
}
