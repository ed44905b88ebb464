package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"evidock/store"
)

// reasonButton is a button that, while disabled, says why on hover: a
// permission the core refuses (store.Session.WhyNot, from its role table)
// or something to do first ("select a row"). The window never decides who
// may do what; it shows what the core decides.
type reasonButton struct {
	widget.Button
	ui     *Shell
	action store.Action // "" when the core's permission is not asked
	state  string       // why not now, apart from permission; "" when ready
	reason string       // what the hover says: permission first, then state
	tip    *widget.PopUp
}

// actionButton is a button for action: disabled, with the core's reason,
// for a user who may not take it. Pass "" as action for buttons every
// user may press (their state still gates them, see setState).
func (ui *Shell) actionButton(label string, action store.Action, tapped func()) *reasonButton {
	b := &reasonButton{ui: ui, action: action}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	b.update()
	ui.guards = append(ui.guards, b)
	return b
}

// setState gates the button on what must happen first ("" when nothing).
func (b *reasonButton) setState(why string) {
	b.state = why
	b.update()
}

// update enables or disables the button by the permission and the state.
func (b *reasonButton) update() {
	b.reason = ""
	if b.action != "" {
		b.reason = b.ui.whyNot(b.action)
	}
	if b.reason == "" {
		b.reason = b.state
	}
	if b.reason != "" {
		b.Disable()
	} else {
		b.Enable()
	}
}

// Permitted reports whether the core lets the user take the button's
// action (tests compare it with the enabled state).
func (b *reasonButton) Permitted() bool { return b.action == "" || b.ui.whyNot(b.action) == "" }

// Reason is what the button says on hover while disabled.
func (b *reasonButton) Reason() string { return b.reason }

// MouseIn shows the reason beside a disabled button.
func (b *reasonButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if !b.Disabled() || b.reason == "" {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	if b.tip == nil {
		l := widget.NewLabel(b.reason)
		b.tip = widget.NewPopUp(l, c)
	}
	b.tip.Content.(*widget.Label).SetText(b.reason)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height+2))
	// Keep the tip inside the window.
	if w := c.Size().Width; pos.X+b.tip.MinSize().Width > w {
		pos.X = max(0, w-b.tip.MinSize().Width)
	}
	b.tip.ShowAtPosition(pos)
}

// MouseOut hides the reason.
func (b *reasonButton) MouseOut() {
	b.Button.MouseOut()
	if b.tip != nil {
		b.tip.Hide()
	}
}

// whyNot says why the logged-in user may not take action, in plain words
// from the core's decision, or "" when they may.
func (ui *Shell) whyNot(action store.Action) string {
	if ui.Session() == nil {
		return T("why.login")
	}
	np := ui.Session().WhyNot(action)
	if np == nil {
		return ""
	}
	if len(np.Need) == 0 {
		return T("why.nobody")
	}
	roles := make([]string, len(np.Need))
	for i, r := range np.Need {
		roles[i] = Role(string(r))
	}
	return T("why.roles", M{"Roles": strings.Join(roles, T("list.sep"))})
}

// State is what must happen first before the button can be used ("" when
// nothing), apart from permission.
func (b *reasonButton) State() string { return b.state }

// Action is the action whose permission gates the button ("" for none).
func (b *reasonButton) Action() store.Action { return b.action }
