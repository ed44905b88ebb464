package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"evidock/regulation"
	"evidock/store"
)

// viewingView is the 审批/查阅 screen: my requests, the approvals inbox
// (legal office and leader) and the viewing register (custodian and those
// who may read it), each shown only to who may use it.
type viewingView struct {
	ui       *UI
	root     fyne.CanvasObject
	tabs     *container.AppTabs
	requests *requestsView
	inbox    *approvalsView
	register *viewRegisterView
}

// mayView reports whether the logged-in user has any use for the 审批/查阅
// screen.
func (ui *UI) mayView() bool {
	return ui.may(store.ActRequestList) || ui.may(store.ActRequestDecide) || ui.may(store.ActRegisterRead)
}

func newViewingView(ui *UI) *viewingView {
	v := &viewingView{ui: ui, tabs: container.NewAppTabs()}
	if ui.may(store.ActRequestList) {
		v.requests = newRequestsView(ui)
		v.tabs.Append(container.NewTabItem(T("viewing.tab_mine"), v.requests.root))
	}
	if ui.may(store.ActRequestDecide) {
		v.inbox = newApprovalsView(ui)
		v.tabs.Append(container.NewTabItem(T("viewing.tab_inbox"), v.inbox.root))
	}
	if ui.may(store.ActRegisterRead) {
		v.register = newViewRegisterView(ui)
		v.tabs.Append(container.NewTabItem(T("viewing.tab_register"), v.register.root))
	}
	if len(v.tabs.Items) == 0 {
		v.root = notAllowed()
		return v
	}
	v.tabs.OnSelected = func(*container.TabItem) { v.reload() }
	v.root = v.tabs
	return v
}

// reload reads the selected sub-screen anew.
func (v *viewingView) reload() {
	if v.tabs == nil || v.tabs.Selected() == nil {
		return
	}
	switch v.tabs.Selected().Content {
	case v.requests.rootOrNil():
		v.requests.Load()
	case v.inbox.rootOrNil():
		v.inbox.Load()
	case v.register.rootOrNil():
		v.register.Load()
	}
}

// viewingTabs returns the window's tabs for viewing and export, for the
// roles that may use them (none before a login).
func (ui *UI) viewingTabs() []*container.TabItem {
	ui.viewing = nil
	var items []*container.TabItem
	if ui.sess != nil && ui.mayView() {
		ui.viewing = newViewingView(ui)
		items = append(items, container.NewTabItem(T("tab.viewing"), ui.viewing.root))
	}
	if t := ui.exportTab(); t != nil {
		items = append(items, t)
	}
	return items
}

// Purpose is a request's purpose in plain words.
func Purpose(p store.Purpose) string { return lookup("purpose.", string(p)) }

// RequestStatus is a request's status in plain words.
func RequestStatus(s store.RequestStatus) string { return lookup("reqstatus.", string(s)) }

// Classification is a recording's secrecy level in plain words.
func Classification(c store.Classification) string {
	return Word(regulation.Classifications, string(c))
}

// purposeKey is the purpose whose plain words are s.
func purposeKey(s string) store.Purpose {
	for _, p := range store.Purposes {
		if Purpose(p) == s {
			return p
		}
	}
	return ""
}

func purposeNames() []string {
	out := make([]string, len(store.Purposes))
	for i, p := range store.Purposes {
		out[i] = Purpose(p)
	}
	return out
}

// requestLine says a request in a line or two.
func requestLine(r store.Request) string {
	s := T("req.line", M{"ID": r.ID, "When": When(r.CreatedAt), "Who": r.Requester, "Purpose": Purpose(r.Purpose),
		"Status": RequestStatus(r.Status), "N": len(r.Recordings)}) + "\n" + T("req.reason_line", M{"Reason": r.Reason})
	switch r.Status {
	case store.Approved, store.Expired:
		s += "\n" + T("req.approved_line", M{"By": r.DecidedBy, "As": Role(string(r.DecidedAs)),
			"Until": When(r.ExpiresAt)})
	case store.Refused:
		s += "\n" + T("req.refused_line", M{"By": r.DecidedBy, "As": Role(string(r.DecidedAs))})
	}
	if r.Note != "" {
		s += "\n" + T("req.note_line", M{"Note": r.Note})
	}
	return s
}

// viewErrorText says why viewing, approval, classification or export
// failed, in plain words: the core's refusals name their rule in English,
// which users are not expected to read.
func viewErrorText(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if errors.Is(err, store.ErrDecided) {
		return T("verr.decided")
	}
	if errors.Is(err, store.ErrRefused) {
		for _, c := range []struct{ part, key string }{
			{"own request", "verr.own_request"},
			{"only a leader approves", "verr.leader_only"},
			{"approval is not a leader's", "verr.leader_only_grant"},
			{"beyond the actor's clearance", "verr.clearance"},
			{"no approved, unexpired request", "verr.no_grant"},
			{"approval expired", "verr.expired"},
			{"not yet decided", "verr.pending"},
			{"was refused", "verr.was_refused"},
			{"not evidence extraction", "verr.not_extraction"},
			{"is not in the request", "verr.not_in_request"},
			{"not permitted", "err.refused"},
		} {
			if strings.Contains(msg, c.part) {
				return T(c.key)
			}
		}
	}
	if errors.Is(err, store.ErrNotFound) && strings.Contains(msg, "recording") {
		return T("verr.no_recording", M{"Err": msg})
	}
	return ErrorText(err)
}

// rootOrNil lets reload compare sub-screens that may not exist.
func (v *requestsView) rootOrNil() fyne.CanvasObject {
	if v == nil {
		return nil
	}
	return v.root
}

func (v *approvalsView) rootOrNil() fyne.CanvasObject {
	if v == nil {
		return nil
	}
	return v.root
}

func (v *viewRegisterView) rootOrNil() fyne.CanvasObject {
	if v == nil {
		return nil
	}
	return v.root
}

// splitIDs reads recording IDs separated by commas, spaces or new lines.
func splitIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '\n' || r == '\t' || r == '、'
	})
}
