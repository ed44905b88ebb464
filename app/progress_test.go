package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"evidock/app/i18n"
	"evidock/app/shell"
	"evidock/internal/s3test"
	"evidock/ledger"
	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

// holdReports holds the work of the progress panel key at its first report
// that moves the bar (0 < done < 1; any report when first is set) until the
// returned function is called (by the test, after 取消).
func holdReports(t *testing.T, key string, first bool) (release func()) {
	t.Helper()
	gate := make(chan struct{})
	var held bool
	shell.ReportHook = func(k string, frac float64) {
		if k == key && !held && (first || frac > 0 && frac < 1) {
			held = true
			<-gate
		}
	}
	t.Cleanup(func() { shell.ReportHook = func(string, float64) {} })
	var once bool
	return func() {
		if !once {
			once = true
			close(gate)
		}
	}
}

// lastEntry is the newest ledger entry whose action starts with prefix.
func lastEntry(t *testing.T, st *store.Store, prefix string) ledger.Entry {
	t.Helper()
	es, err := st.QueryLedger(context.Background(), ledger.Filter{ActionPrefix: prefix})
	if err != nil || len(es) == 0 {
		t.Fatalf("no %s entry: %v", prefix, err)
	}
	return es[len(es)-1]
}

// 维护 → 完整性检查: the bar moves while the check runs, 取消 stops it
// (nothing is thrown away, so no confirmation), the window says it was
// cancelled and the ledger records check.cancel, not check.finish.
func TestIntegrityCheckProgressAndCancel(t *testing.T) {
	ui, st := newTestUI(t)
	for _, c := range []string{"one", "two", "three"} {
		importAt(t, st, time.Now(), "recording "+c, strings.ToUpper(c)+".MP4")
	}
	login(t, ui)
	ui.SetSession(addUser(t, ui.Session(), "keeper", "", store.RoleCustodian))
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("ic.tab"))
	v := ui.integrity
	release := holdReports(t, "integrity-check", false)
	defer release()
	test.Tap(findButton(t, ui, i18n.T("ic.run")))
	pump(t, ui, func() bool { return v.Prog.Bar.Value > 0 && v.Prog.Bar.Value < 1 })
	if !strings.Contains(v.Prog.What.Text, "1 / 3") {
		t.Errorf("progress says %q", v.Prog.What.Text)
	}
	test.Tap(findButton(t, ui, i18n.T("progress.cancel")))
	release()
	pump(t, ui, func() bool { return !v.Running })
	if !v.Prog.Cancelled() || !strings.Contains(v.Result.Text, "已取消") {
		t.Fatalf("after 取消: %q", v.Result.Text)
	}
	if e := lastEntry(t, st, "check."); e.Action != "check.cancel" {
		t.Fatalf("the check's last entry is %s", e.Action)
	}
	// 立即检查 again continues the cancelled run to the end.
	shell.ReportHook = func(string, float64) {}
	test.Tap(findButton(t, ui, i18n.T("ic.run")))
	pump(t, ui, func() bool { return !v.Running })
	if e := lastEntry(t, st, "check."); e.Action != "check.finish" {
		t.Fatalf("the resumed check's last entry is %s (%q)", e.Action, v.Result.Text)
	}
}

// 台账 → 核验: 取消 stops the verification, and the ledger's verify entry
// says it was cancelled rather than passing.
func TestVerifyProgressAndCancel(t *testing.T) {
	ui, st := newTestUI(t)
	importAt(t, st, time.Now(), "a recording", "ONE.MP4")
	login(t, ui)
	ui.Show(shell.ScreenLedger)
	pump(t, ui, func() bool { return ui.ledger != nil })
	v := ui.ledger
	release := holdReports(t, "verify", true)
	defer release()
	test.Tap(findButton(t, ui, i18n.T("verify.now")))
	pump(t, ui, func() bool { return v.Prog.What.Text != i18n.T("progress.starting") })
	test.Tap(findButton(t, ui, i18n.T("progress.cancel")))
	release()
	pump(t, ui, func() bool { return !v.Running })
	if !strings.Contains(v.Result.Text, "已取消") {
		t.Fatalf("after 取消: %q", v.Result.Text)
	}
	if e := lastEntry(t, st, "verify"); !strings.Contains(string(e.Details), `"cancelled":true`) {
		t.Fatalf("verify entry %s", e.Details)
	}
}

// 维护 → 存储与备份: the bar moves while the backup runs, 取消 stops it,
// the window says the folder is still the last complete backup (here none:
// no manifest), and the ledger records the backup as cancelled.
func TestBackupProgressAndCancel(t *testing.T) {
	ui, st := newTestUI(t)
	for _, c := range []string{"one", "two", "three"} {
		importAt(t, st, time.Now(), "recording "+c, strings.ToUpper(c)+".MP4")
	}
	login(t, ui)
	ui.SetSession(addUser(t, ui.Session(), "keeper", "", store.RoleCustodian))
	ui.Show(shell.ScreenMaintain + ".storage")
	pump(t, ui, func() bool { return ui.storage != nil })
	v := ui.storage
	dir := filepath.Join(t.TempDir(), "backup")
	v.Dir.SetText(dir)
	release := holdReports(t, "backup", false)
	defer release()
	test.Tap(findButton(t, ui, i18n.T("bk.run")))
	pump(t, ui, func() bool { return v.Prog.Bar.Value > 0 && v.Prog.Bar.Value < 1 })
	test.Tap(findButton(t, ui, i18n.T("progress.cancel")))
	release()
	pump(t, ui, func() bool { return !v.Running })
	if !strings.Contains(v.Result.Text, "已取消") {
		t.Fatalf("after 取消: %q", v.Result.Text)
	}
	if _, err := safekeeping.ReadManifest(dir); err == nil {
		t.Error("a cancelled backup left a manifest")
	}
	if e := lastEntry(t, st, "backup"); !strings.Contains(string(e.Details), `"cancelled":true`) {
		t.Fatalf("backup entry %s", e.Details)
	}
}

// 维护 → 存储与备份 → 复制: the bar moves while recordings are sent, 取消
// stops the run, the window says so, and the bucket has no checkpoint yet
// (the next run completes it).
func TestReplicationProgressAndCancel(t *testing.T) {
	srv := s3test.Start(t)
	ui, st := newTestUI(t)
	ctx := context.Background()
	for _, c := range []string{"one", "two", "three"} {
		importAt(t, st, time.Now(), strings.Repeat("recording "+c, 30_000), strings.ToUpper(c)+".MP4")
	}
	login(t, ui)
	admin := ui.Session()
	if err := safekeeping.SetReplicationTarget(ctx, admin, safekeeping.ReplicationTarget{Endpoint: srv.Endpoint, Bucket: "bureau"}); err != nil {
		t.Fatal(err)
	}
	if err := replicate.SaveCredentials(st.Dir(), s3test.AccessKey, s3test.SecretKey); err != nil {
		t.Fatal(err)
	}
	ui.SetSession(addUser(t, admin, "keeper", "", store.RoleCustodian))
	openArea(t, ui, i18n.T("kp.tab"), i18n.T("st.tab"))
	p := ui.storage.Replica
	pump(t, ui, func() bool { return strings.Contains(p.Lag.Text, "尚未成功复制过") })
	release := holdReports(t, "replicate", false)
	defer release()
	test.Tap(findButton(t, ui, i18n.T("rp.run")))
	pump(t, ui, func() bool { return p.Prog.Bar.Value > 0 && p.Prog.Bar.Value < 1 })
	test.Tap(findButton(t, ui, i18n.T("progress.cancel")))
	release()
	pump(t, ui, func() bool { return !p.Prog.Running() })
	if !strings.Contains(p.Status.Text, "已取消") {
		t.Fatalf("after 取消: %q", p.Status.Text)
	}
	if e := lastEntry(t, st, "replicate"); !strings.Contains(string(e.Details), `"cancelled":true`) {
		t.Fatalf("replicate entry %s", e.Details)
	}
	// The next run completes the bucket.
	shell.ReportHook = func(string, float64) {}
	test.Tap(findButton(t, ui, i18n.T("rp.run")))
	pump(t, ui, func() bool { return strings.Contains(p.Status.Text, "复制完成") })
}
