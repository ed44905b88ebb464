package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/ingest/dock"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// areaKeys are the keys of translations_areas/*-<code>.json.
func areaKeys(t *testing.T, code string) map[string]any {
	t.Helper()
	out := map[string]any{}
	files, _ := fs.Glob(i18n.Translations, "translations_areas/*-"+code+".json")
	for _, f := range files {
		data, err := i18n.Translations.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// Every key of an area file is in both languages, and the keys looked up
// at run time by the viewing screens have words.
func TestAreaTranslationsInBothLanguages(t *testing.T) {
	zh, en := areaKeys(t, i18n.LangZH), areaKeys(t, i18n.LangEN)
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in an area's zh file but not its en file", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q is in an area's en file but not its zh file", k)
		}
	}
	var keys []string
	for _, p := range access.Purposes {
		keys = append(keys, "purpose."+string(p))
	}
	for _, s := range []access.RequestStatus{access.Pending, access.Approved, access.Refused, access.Expired} {
		keys = append(keys, "reqstatus."+string(s))
	}
	src, _ := os.ReadFile("viewing.go")
	for _, part := range strings.Split(string(src), `"verr.`)[1:] {
		keys = append(keys, "verr."+part[:strings.Index(part, `"`)])
	}
	for _, k := range append(keys, "appr.done_approved", "appr.done_refused", "vreg.col_seq") {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no words in the viewing area", k)
		}
	}
}

// viewingFixture is a logged-in administrator, users of every role the
// viewing screens serve and three docked recordings.
type viewingFixture struct {
	ui                             *UI
	st                             *store.Store
	officer, legal, leader, keeper *store.Session
	recs                           []string
}

func newViewingFixture(t *testing.T) *viewingFixture {
	t.Helper()
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	if err := admin.AddOfficer(ctx, store.Officer{Number: "J7", Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	f := &viewingFixture{ui: ui, st: st}
	for _, u := range []struct {
		name, officer string
		role          store.Role
		sess          **store.Session
	}{{"zhang", "J7", store.RoleOfficer, &f.officer}, {"fa", "", store.RoleLegal, &f.legal},
		{"boss", "", store.RoleLeader, &f.leader}, {"keeper", "", store.RoleCustodian, &f.keeper}} {
		if err := admin.AddUser(ctx, store.NewUser{Name: u.name, Display: u.name, OfficerID: u.officer,
			Roles: []store.Role{u.role}, Password: adminPassword}); err != nil {
			t.Fatal(err)
		}
		s, err := st.Login(ctx, u.name, adminPassword)
		if err != nil {
			t.Fatal(err)
		}
		*u.sess = s
	}
	root := t.TempDir()
	writeVolume(t, root, "CAM-7", "J7")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })
	recs, err := records.Recordings(ctx, st.Workstation(), records.RecordingFilter{})
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d recordings docked (%v)", len(recs), err)
	}
	for _, r := range recs {
		f.recs = append(f.recs, r.ID)
	}
	return f
}

// as logs sess in and opens 审批 → 我的申请 (the title is not needed).
func (f *viewingFixture) as(sess *store.Session, _ string) bool {
	f.ui.SetSession(sess)
	f.ui.Show(shell.ScreenApprovals + ".mine")
	return true
}

// sub opens the approvals screen's page titled title.
func (f *viewingFixture) sub(t *testing.T, title string) {
	t.Helper()
	openArea(t, f.ui, "", title)
}

// request sends a request through the 我的申请 form as the officer.
func (f *viewingFixture) request(t *testing.T, sess *store.Session, p access.Purpose, ids []string) access.Request {
	t.Helper()
	if !f.as(sess, i18n.T("tab.viewing")) {
		t.Fatal("no viewing tab for a requester")
	}
	v := f.ui.mine
	pump(t, f.ui, func() bool { return v.Rows() != nil || hasText(f.ui, i18n.T("req.none")) })
	before := len(v.Rows())
	test.Type(findEntry(t, f.ui, i18n.T("req.ids_hint")), strings.Join(ids, " "))
	findSelect(t, f.ui, i18n.T("req.purpose_pick")).SetSelected(i18n.Purpose(p))
	test.Type(findEntry(t, f.ui, i18n.T("req.reason_hint")), "案件 2025-017 核实现场情况")
	test.Tap(findButton(t, f.ui, i18n.T("req.submit")))
	pump(t, f.ui, func() bool { return len(v.Rows()) == before+1 })
	if v.Message.Text != i18n.T("req.sent") {
		t.Fatalf("after sending: %q", v.Message.Text)
	}
	return v.Rows()[0]
}

func TestRequestApprovedInInboxShowsInMyRequests(t *testing.T) {
	f := newViewingFixture(t)
	ctx := context.Background()
	r := f.request(t, f.officer, access.PurposeCase, f.recs[:2])
	if r.Status != access.Pending || !strings.Contains(rowText(f.ui.mine.Table, 0), i18n.RequestStatus(access.Pending)) {
		t.Fatalf("new request %+v", r)
	}

	if !f.as(f.legal, i18n.T("tab.viewing")) {
		t.Fatal("the legal office has no viewing tab")
	}
	f.sub(t, i18n.T("viewing.tab_inbox"))
	in := f.ui.inbox
	pump(t, f.ui, func() bool { return len(in.Pending()) == 1 })
	in.Table.Select(0)
	if !hasText(f.ui, "密级：普通") {
		t.Error("the inbox does not show the recordings' classification")
	}
	days := findEntry(t, f.ui, i18n.T("appr.days_hint"))
	days.SetText("3")
	test.Tap(findButton(t, f.ui, i18n.T("appr.approve")))
	confirm(t, f.ui)
	pump(t, f.ui, func() bool { return in.Message.Text == i18n.T("appr.done_approved", i18n.M{"ID": r.ID}) })
	pump(t, f.ui, func() bool { return len(in.Pending()) == 0 })

	es, err := records.Ledger(ctx, f.leader, ledger.Filter{ActionPrefix: "request.approve", Subject: access.RequestSubject(r.ID)})
	if err != nil || len(es) != 1 || es[0].Actor != "user:fa" {
		t.Fatalf("approval entries %+v (%v)", es, err)
	}

	f.as(f.officer, i18n.T("tab.viewing"))
	v := f.ui.mine
	pump(t, f.ui, func() bool { return len(v.Rows()) == 1 && v.Rows()[0].Status == access.Approved })
	if row := rowText(v.Table, 0); !strings.Contains(row, i18n.RequestStatus(access.Approved)) || !strings.Contains(row, "fa（法制办公室）") {
		t.Error("my requests do not say approved, by whom")
	}

	// Play from the library's details, once the custodian has registered
	// the viewing (Art. 16-17): a read-only copy, removed when done, and a
	// row of the viewing register.
	if _, err := access.RegisterViewing(ctx, f.keeper, access.ViewingEntry{RequestID: r.ID, RecordingID: f.recs[0], Viewer: "zhang"}); err != nil {
		t.Fatal(err)
	}
	f.ui.SetSession(f.officer)
	f.ui.Show(shell.ScreenRecords)
	recs, _ := records.Recordings(ctx, f.officer, records.RecordingFilter{IDs: f.recs[:1]})
	f.ui.lib.showDetail(recs[0])
	test.Tap(findButton(t, f.ui, i18n.T("rec.play")))
	pump(t, f.ui, func() bool { return hasText(f.ui, i18n.T("rec.playing_title")) || hasText(f.ui, i18n.T("error.title")) })
	copies, _ := filepath.Glob(filepath.Join(f.st.Dir(), "play", "view-*", "*"))
	if len(copies) != 1 {
		t.Fatalf("play copies %v", copies)
	}
	if info, err := os.Stat(copies[0]); err != nil || info.Mode().Perm()&0o222 != 0 {
		t.Fatalf("the copy is not read-only: %v %v", info.Mode(), err)
	}
	test.Tap(findButton(t, f.ui, i18n.T("rec.done")))
	if _, err := os.Stat(copies[0]); !os.IsNotExist(err) {
		t.Fatalf("the copy is still there after done: %v", err)
	}

	// The custodian's register shows the registration and the play, and saves as CSV.
	f.as(f.keeper, i18n.T("tab.viewing"))
	f.sub(t, i18n.T("viewing.tab_register"))
	reg := f.ui.register
	pump(t, f.ui, func() bool { return len(reg.Rows()) == 2 }) // the registration and the play
	file := filepath.Join(t.TempDir(), "register.csv")
	if err := reg.SaveCSV(file); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if !bytes.HasPrefix(data, []byte("\uFEFF时间,录像编号,查阅人")) || !strings.Contains(string(data), f.recs[0]) ||
		!strings.Contains(string(data), "zhang") || !strings.Contains(string(data), "办案") {
		t.Fatalf("register CSV:\n%s", data)
	}
}

func TestSelfApprovalIsRefusedInPlainWords(t *testing.T) {
	f := newViewingFixture(t)
	r := f.request(t, f.legal, access.PurposeReview, f.recs[:1])
	f.sub(t, i18n.T("viewing.tab_inbox"))
	in := f.ui.inbox
	pump(t, f.ui, func() bool { return len(in.Pending()) == 1 })
	in.Table.Select(0)
	test.Tap(findButton(t, f.ui, i18n.T("appr.approve")))
	confirm(t, f.ui)
	pump(t, f.ui, func() bool { return hasText(f.ui, i18n.T("verr.own_request")) })
	es, err := records.Ledger(context.Background(), f.leader, ledger.Filter{ActionPrefix: "refused", Subject: access.RequestSubject(r.ID)})
	if err != nil || len(es) != 1 || !strings.Contains(string(es[0].Details), "request.decide") || es[0].Actor != "user:fa" {
		t.Fatalf("refusal entries %+v (%v)", es, err)
	}
	if got, _ := access.Requests(context.Background(), f.leader, access.RequestFilter{ID: r.ID}); got[0].Status != access.Pending {
		t.Fatalf("self-approved request is %s", got[0].Status)
	}
}
