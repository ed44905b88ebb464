package app

import (
	"testing"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/store"
)

// Every permission-gated button, on every page, for every role: enabled
// exactly when the core's role table permits its action (apart from what
// must happen first), and when disabled it says why on hover, naming the
// roles that may.
func TestButtonsFollowTheCoresRoleTable(t *testing.T) {
	ui, _ := newTestUI(t)
	login(t, ui)
	admin := ui.Session()
	sessions := []*store.Session{admin,
		addUser(t, admin, "jia", "J7", store.RoleOfficer),
		addUser(t, admin, "keeper", "", store.RoleCustodian),
		addUser(t, admin, "sup", "", store.RoleSupervisor),
		addUser(t, admin, "boss", "", store.RoleLeader),
		addUser(t, admin, "fa", "", store.RoleLegal)}
	checked, disabled := 0, 0
	for _, sess := range sessions {
		ui.SetSession(sess)
		for _, s := range ui.screenList {
			for _, p := range s.pages {
				ui.Show(s.id + "." + p.id)
				pump(t, ui, func() bool { return true })
			}
		}
		for _, b := range ui.Guards() {
			checked++
			if b.State() != "" {
				continue // something to do first (a target to set), said as the reason
			}
			if b.Disabled() == b.Permitted() {
				t.Errorf("%s: %q is disabled=%v, permitted=%v", sess.Actor().Name, b.Text, b.Disabled(), b.Permitted())
			}
			if b.Disabled() {
				disabled++
				if b.Reason() == "" || b.Reason() != ui.WhyNot(b.Action()) {
					t.Errorf("%s: %q disabled without the core's reason (%q)", sess.Actor().Name, b.Text, b.Reason())
				}
			}
		}
	}
	if checked == 0 || disabled == 0 {
		t.Fatalf("checked %d buttons, %d disabled: the test saw nothing", checked, disabled)
	}
}

// What waits for the user's decision is counted on the 审批 tab.
func TestApprovalsTabCarriesTheWaitingCount(t *testing.T) {
	f := newViewingFixture(t)
	f.request(t, f.officer, access.PurposeCase, f.recs[:1])
	if got := f.ui.screen(shell.ScreenApprovals).item.Text; got != i18n.T("tab.approvals") {
		t.Fatalf("the officer's tab says %q", got)
	}
	f.ui.SetSession(f.legal)
	want := i18n.T("tab.badge", i18n.M{"Title": i18n.T("tab.approvals"), "N": 1})
	pump(t, f.ui, func() bool { return f.ui.screen(shell.ScreenApprovals).item.Text == want })
}
