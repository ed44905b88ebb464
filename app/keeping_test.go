package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/keeping"
	"evidock/custody"
	"evidock/digest"
	"evidock/followups"
	"evidock/ingest/dock"
	"evidock/ledger"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// addUser makes a user with roles (and officer number) and logs them in.
func addUser(t *testing.T, admin *store.Session, name, officer string, roles ...store.Role) *store.Session {
	t.Helper()
	ctx := context.Background()
	if err := admin.AddUser(ctx, store.NewUser{Name: name, Display: name, OfficerID: officer, Roles: roles, Password: adminPassword}); err != nil {
		t.Fatal(err)
	}
	sess, err := admin.Store().Login(ctx, name, adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// openArea shows the page titled sub (the screen's title is not needed:
// page titles are unique).
func openArea(t *testing.T, ui *UI, _ string, sub string) {
	t.Helper()
	for _, sc := range ui.screenList {
		for _, p := range sc.pages {
			if i18n.T(p.title) == sub {
				ui.Show(sc.id + "." + p.id)
				return
			}
		}
	}
	t.Fatalf("no page %q", sub)
}

// importAt archives content as one recording with the store's clock at at.
func importAt(t *testing.T, st *store.Store, at time.Time, content, name string) string {
	t.Helper()
	ctx := context.Background()
	now := st.Now
	st.Now = func() time.Time { return at }
	defer func() { st.Now = now }()
	run, err := records.BeginImport(ctx, st.Workstation(), records.ImportSpec{Source: "test", DeviceID: "OLD-1", OfficerID: "J7"})
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := run.CreateTemp()
	if err != nil {
		t.Fatal(err)
	}
	sum, n, err := digest.Copy(tmp, strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	got, err := run.Archive(ctx, tmp, records.Incoming{Name: name, SourcePath: "DCIM/" + name, FileTime: at, Kind: "video", Sum: sum, Size: n})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, records.Summary{Status: store.StatusComplete, Files: 1, New: 1}); err != nil {
		t.Fatal(err)
	}
	return got.RecordingID
}

// The dashboard counts what a small generated day holds: one recorder's
// three clips of yesterday (one unexplained interruption, none categorised,
// all imported late), a recorder out past its return, a work record not yet
// acknowledged.
func TestSuperviseDashboardCounts(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	if err := admin.AddOfficer(ctx, store.Officer{Number: "J7", Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	if err := admin.AddDevice(ctx, store.Device{Serial: "CAM-8", Profile: "generic"}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	writeVolume(t, root, "CAM-7", "J7")
	runDock(t, ui, st, root, func(e dock.Event) bool { return e.Type == dock.Interruptions || e.Type == dock.Failed })

	keeper := addUser(t, admin, "keeper", "", store.RoleCustodian)
	real := st.Now
	st.Now = func() time.Time { return real().Add(-48 * time.Hour) }
	_, err := custody.CheckOut(ctx, keeper, custody.Checkout{Device: "CAM-8", Officer: "J7"})
	st.Now = real
	if err != nil {
		t.Fatal(err)
	}
	officer := addUser(t, admin, "jia", "J7", store.RoleOfficer)
	if _, err := followups.FileNotRecorded(ctx, officer, followups.NotRecorded{Day: time.Now().Format(time.DateOnly), Place: "某酒店",
		Category: "inspection", Reason: "emergency", Basis: "第七条", Text: "现场紧急"}); err != nil {
		t.Fatal(err)
	}

	ui.SetSession(addUser(t, admin, "sup", "", store.RoleSupervisor))
	openArea(t, ui, i18n.T("sv.tab"), i18n.T("sv.tab_overview"))
	pump(t, ui, func() bool { return ui.dash != nil && ui.dash.Count(followups.ItemGap) != "…" })
	want := map[string]string{followups.ItemGap: "1", followups.ItemUncategorised: "3", followups.ItemLate: "3", followups.ItemNotRecorded: "1",
		followups.ItemImport: "0", followups.ItemIntegrity: "0", followups.ItemOverdue: "1"}
	v := ui.dash
	for k, n := range want {
		if got := v.Count(k); got != n {
			t.Errorf("%s: shows %s, want %s", k, got, n)
		}
	}
	// A period that surely holds yesterday: the officer's row, and the
	// drill-down to their items.
	from := time.Now().AddDate(0, 0, -7).Format(time.DateOnly)
	v.From.SetText(from)
	v.Load()
	pump(t, ui, func() bool { return v.Dash.Period.From == from })
	if len(v.Dash.Officers) == 0 || v.Cell(widget.TableCellID{Row: 0, Col: 0}) != "J7" || v.Cell(widget.TableCellID{Row: 0, Col: 2}) != "3" {
		t.Fatalf("officer table %+v", v.Dash.Officers)
	}
	v.Table.Select(widget.TableCellID{Row: 0, Col: 1})
	pump(t, ui, func() bool { return len(v.Items) > 0 })
	n := map[string]int{}
	for _, it := range v.Items {
		n[it.Kind]++
	}
	if n[followups.ItemGap] != 1 || n[followups.ItemUncategorised] != 3 || n[followups.ItemLate] != 3 || n[followups.ItemNotRecorded] != 1 {
		t.Fatalf("drill-down of J7: %v", n)
	}
	// The period's report to a file, as CSV.
	out := filepath.Join(t.TempDir(), "r.csv")
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	v.Export(w, v.Dash.Period, "csv")
	pump(t, ui, func() bool { return v.Msg.Text != i18n.T("sv.exporting") })
	if data, _ := os.ReadFile(out); !strings.Contains(string(data), "J7") {
		t.Fatalf("report (%s) lacks the officer: %s", v.Msg.Text, data)
	}
}

// A work record an officer files shows for the leader, whose
// acknowledgement is a ledger entry.
func TestNotRecordedFiledThenAcknowledged(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	if err := admin.AddOfficer(ctx, store.Officer{Number: "J7", Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(addUser(t, admin, "jia", "J7", store.RoleOfficer))
	openArea(t, ui, i18n.T("sv.tab_officer"), i18n.T("nr.tab"))
	test.Type(findEntry(t, ui, i18n.T("nr.place_hint")), "江源区某网吧")
	test.Type(findEntry(t, ui, i18n.T("nr.basis_hint")), "第七条第二项")
	test.Type(findEntry(t, ui, i18n.T("nr.text_hint")), "群众聚集，情况紧急，未能开机")
	findSelect(t, ui, i18n.T("nr.category_pick")).SetSelected(i18n.Category("inspection"))
	findSelect(t, ui, i18n.T("nr.reason_pick")).SetSelected(keeping.ReasonNR("emergency"))
	test.Tap(findButton(t, ui, i18n.T("nr.submit")))
	confirm(t, ui)
	pump(t, ui, func() bool { return strings.Contains(ui.notRec.Msg.Text, "1") })

	ui.SetSession(addUser(t, admin, "boss", "", store.RoleLeader))
	openArea(t, ui, i18n.T("sv.tab"), i18n.T("nr.tab"))
	nv := ui.notRec
	pump(t, ui, func() bool { return len(nv.Recs) == 1 })
	if !hasText(ui, "江源区") && !strings.Contains(keeping.NotRecordedLine(nv.Recs[0]), "J7") {
		t.Fatal("the record is not shown to the leader")
	}
	nv.Table.Select(0)
	test.Type(findEntry(t, ui, i18n.T("nr.ack_hint")), "已阅，同意")
	test.Tap(findButton(t, ui, i18n.T("nr.ack")))
	confirm(t, ui)
	pump(t, ui, func() bool { return len(nv.Recs) == 0 }) // only open ones are listed
	es, err := records.Ledger(ctx, st.Workstation(), ledger.Filter{ActionPrefix: "notrecorded.ack"})
	if err != nil || len(es) != 1 || es[0].Actor != "user:boss" || !strings.Contains(string(es[0].Details), "已阅，同意") {
		t.Fatalf("acknowledgement entries %+v %v", es, err)
	}
}

// A purge a custodian requests and a leader approves removes the file,
// leaves a tombstone, and the ledger still verifies.
func TestPurgeRequestApprovedLeavesTombstone(t *testing.T) {
	ui, st := newTestUI(t)
	login(t, ui)
	ctx := context.Background()
	admin := ui.Session()
	old := importAt(t, st, time.Now().AddDate(-2, 0, 0), "a recording kept past its year", "OLD.MP4")
	importAt(t, st, time.Now(), "a recording of today", "NEW.MP4")

	ui.SetSession(addUser(t, admin, "keeper", "", store.RoleCustodian))
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("kp.tab_purge"))
	pv := ui.purge
	pump(t, ui, func() bool { return len(pv.Expired) == 1 })
	if pv.Expired[0].RecordingID != old {
		t.Fatalf("expired %+v", pv.Expired)
	}
	pv.Tick(old)
	test.Type(findEntry(t, ui, i18n.T("kp.purge_reason_hint")), "保存期满，未涉及案件")
	test.Tap(findButton(t, ui, i18n.T("kp.purge_request")))
	confirm(t, ui)
	pump(t, ui, func() bool { return len(pv.Reqs) == 1 })

	ui.SetSession(addUser(t, admin, "boss", "", store.RoleLeader))
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("kp.tab_purge"))
	pv = ui.purge
	pump(t, ui, func() bool { return len(pv.Reqs) == 1 })
	pv.SelectRequest(0)
	test.Type(findEntry(t, ui, i18n.T("kp.decide_note_hint")), "同意")
	test.Tap(findButton(t, ui, i18n.T("kp.approve")))
	pump(t, ui, func() bool { return hasText(ui, "OLD.MP4") && hasText(ui, "墓碑") })
	confirm(t, ui)
	pump(t, ui, func() bool { return len(pv.Reqs) == 1 && pv.Reqs[0].Status == access.Approved })

	ts, err := retention.Tombstones(ctx, admin, nil)
	if err != nil || len(ts) != 1 || ts[0].RecordingID != old || ts[0].ApprovedBy != "boss" || ts[0].RequestedBy != "keeper" || !ts[0].Removed {
		t.Fatalf("tombstones %+v %v", ts, err)
	}
	rep, err := safekeeping.Verify(ctx, admin, nil)
	if err != nil || !rep.OK {
		t.Fatalf("verify after the purge: %+v %v", rep, err)
	}
}

// A page a role may not use says which roles may, from the core's table.
func TestPagesSayWhoMayUseThem(t *testing.T) {
	ui, _ := newTestUI(t)
	login(t, ui)
	admin := ui.Session()
	ui.SetSession(addUser(t, admin, "jia", "J7", store.RoleOfficer))
	openArea(t, ui, "", i18n.T("sv.tab_overview"))
	if ui.dash != nil {
		t.Fatal("an officer sees the supervisor's overview")
	}
	why := ui.WhyNot(store.ActSupervisionRead)
	if why == "" || !hasText(ui, i18n.T("why.page", i18n.M{"Why": why})) || !strings.Contains(why, i18n.Role(string(store.RoleSupervisor))) {
		t.Fatalf("the officer is not told who may: %q", why)
	}
	openArea(t, ui, "", i18n.T("nr.tab"))
	if ui.notRec == nil {
		t.Fatal("an officer cannot file a 不录像工作记录")
	}
	ui.SetSession(addUser(t, admin, "sup", "", store.RoleSupervisor))
	openArea(t, ui, "", i18n.T("sv.tab_overview"))
	if ui.dash == nil {
		t.Fatal("a supervisor does not see the overview")
	}
}

// Every screen shows the open integrity problems until a custodian
// acknowledges them.
func TestIntegrityBanner(t *testing.T) {
	ui, st := newTestUI(t)
	ctx := context.Background()
	id := importAt(t, st, time.Now(), "a recording that will go missing", "GONE.MP4")
	recs, err := records.Recordings(ctx, st.Workstation(), records.RecordingFilter{IDs: []string{id}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v %v", recs, err)
	}
	path := recs[0].ArchivePath
	if !filepath.IsAbs(path) {
		path = filepath.Join(st.Dir(), path)
	}
	os.Chmod(path, 0o644)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := safekeeping.RunCheck(ctx, st.Workstation(), safekeeping.CheckOptions{Rate: -1}); err != nil {
		t.Fatal(err)
	}
	ui.refreshBanner()
	pump(t, ui, func() bool { return ui.OpenProblemsShown() == 1 })
	login(t, ui)
	admin := ui.Session()
	ui.SetSession(addUser(t, admin, "keeper", "", store.RoleCustodian))
	pump(t, ui, func() bool { return ui.OpenProblemsShown() == 1 })
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("ic.tab"))
	iv := ui.integrity
	pump(t, ui, func() bool { return len(iv.Problems) == 1 })
	iv.List.Select(0)
	test.Type(findEntry(t, ui, i18n.T("ic.ack_hint")), "已从备份恢复")
	test.Tap(findButton(t, ui, i18n.T("ic.ack")))
	confirm(t, ui)
	pump(t, ui, func() bool { return len(iv.Problems) == 0 && ui.OpenProblemsShown() == 0 })
}
