package shell

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"evidock/app/i18n"
	"evidock/store"
)

// ReasonButton is a button that, while disabled, says why on hover: a
// permission the core refuses (store.Session.WhyNot, from its role table)
// or something to do first ("select a row"). The window never decides who
// May do what; it shows what the core decides.
type ReasonButton struct {
	widget.Button
	ui     *Shell
	action store.Action // "" when the core's permission is not asked
	state  string       // why not now, apart from permission; "" when ready
	reason string       // what the hover says: permission first, then state
	tip    *widget.PopUp
}

// ActionButton is a button for action: disabled, with the core's reason,
// for a user who may not take it. Pass "" as action for buttons every
// user may press (their state still gates them, see setState).
func (ui *Shell) ActionButton(label string, action store.Action, tapped func()) *ReasonButton {
	b := &ReasonButton{ui: ui, action: action}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	b.update()
	ui.guards = append(ui.guards, b)
	return b
}

// SetState gates the button on what must happen first ("" when nothing).
func (b *ReasonButton) SetState(why string) {
	b.state = why
	b.update()
}

// update enables or disables the button by the permission and the state.
func (b *ReasonButton) update() {
	b.reason = ""
	if b.action != "" {
		b.reason = b.ui.WhyNot(b.action)
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
func (b *ReasonButton) Permitted() bool { return b.action == "" || b.ui.WhyNot(b.action) == "" }

// Reason is what the button says on hover while disabled.
func (b *ReasonButton) Reason() string { return b.reason }

// MouseIn shows the reason beside a disabled button.
func (b *ReasonButton) MouseIn(e *desktop.MouseEvent) {
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
func (b *ReasonButton) MouseOut() {
	b.Button.MouseOut()
	if b.tip != nil {
		b.tip.Hide()
	}
}

// WhyNot says why the logged-in user may not take action, in plain words
// from the core's decision, or "" when they may.
func (ui *Shell) WhyNot(action store.Action) string {
	if ui.Session() == nil {
		return i18n.T("why.login")
	}
	np := ui.Session().WhyNot(action)
	if np == nil {
		return ""
	}
	if len(np.Need) == 0 {
		return i18n.T("why.nobody")
	}
	roles := make([]string, len(np.Need))
	for i, r := range np.Need {
		roles[i] = i18n.Role(string(r))
	}
	return i18n.T("why.roles", i18n.M{"Roles": strings.Join(roles, i18n.T("list.sep"))})
}

// State is what must happen first before the button can be used ("" when
// nothing), apart from permission.
func (b *ReasonButton) State() string { return b.state }

// Action is the action whose permission gates the button ("" for none).
func (b *ReasonButton) Action() store.Action { return b.action }
