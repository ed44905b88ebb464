package shell

import (
	"strings"

	"evidock/app/i18n"
	"evidock/store"
)

// People are shown by name, never by login: 张伟（J10023） for an officer
// or a user who is one, the display name for other users. The names come
// from the core (store.People) and are read again after a login and after
// people are added.

// ReloadPeople reads the names anew (UI goroutine; a quick read).
func (ui *Shell) ReloadPeople() {
	sess := ui.Session()
	if sess == nil || !sess.May(store.ActDeviceRead) {
		sess = ui.Store().Workstation()
	}
	p, err := sess.People(ui.Context())
	if err != nil {
		return // names fall back to what the records say
	}
	ui.people = p
}

// withNumber is "name（number）", or whichever of the two is known.
func withNumber(name, number string) string {
	switch {
	case name == "" && number == "":
		return "—"
	case name == "":
		return number
	case number == "":
		return name
	}
	return i18n.T("person.with_number", i18n.M{"Name": name, "Number": number})
}

// OfficerName is an officer by name with their number (警号), or the number
// alone when no officer of that number is registered.
func (ui *Shell) OfficerName(number string) string {
	if number == "" {
		return "—"
	}
	return withNumber(ui.people.Officers[number].Name, number)
}

// PersonName is a user (a login, or an actor as the ledger writes it:
// "user:zhang", "workstation") by name.
func (ui *Shell) PersonName(login string) string {
	switch login {
	case "":
		return "—"
	case "workstation":
		return i18n.T("actor.workstation")
	case "setup":
		return i18n.T("actor.setup")
	case "dock":
		return i18n.T("actor.dock")
	}
	if u, ok := ui.people.UserOf(login); ok {
		name := u.Display
		if u.OfficerName != "" {
			name = u.OfficerName
		}
		if name == "" {
			name = u.Login
		}
		return withNumber(name, u.OfficerID)
	}
	return strings.TrimPrefix(login, "user:")
}
