package custody_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"evidock/custody"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// The register (Art. 20–21): the workstation raises what it can see —
// a clip number missing, a recorder back with another officer's clips,
// clips made while no one had the recorder, a lost recorder, a very late
// import — once each; supervisor and leader carry a case through open,
// decide (a leader, Art. 21 measures) and close, each step in the ledger;
// an officer sees only their own entries.
func TestViolationRegister(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	for _, o := range []store.Officer{{Number: "1001", Name: "张三"}, {Number: "1002", Name: "李四"}} {
		storetest.Must(t, fx.Root.AddOfficer(ctx, o))
	}
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-1", Officer: "1001"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "POOL-1"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-9", Officer: "1002"}))
	sup, boss, off, off2 := fx.As[store.RoleSupervisor], fx.Boss, fx.As[store.RoleOfficer], fx.O2
	day := fx.Clock.T.Add(-3 * time.Hour) // 2025-03-01 06:00 UTC

	// CAM-1: 0001, 0002, 0004 — 0003 is missing; later 0001 again (wiped, counting anew).
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-1", OfficerID: "1001"}, map[string]time.Time{
		"FILE0001.MP4": day, "FILE0002.MP4": day.Add(10 * time.Minute), "FILE0004.MP4": day.Add(30 * time.Minute)})
	// POOL-1 out to 1001, back with a clip of 1002; then a clip made while
	// it was not out.
	_, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "POOL-1", Officer: "1001"})
	storetest.Must(t, err)
	fx.Clock.Advance(time.Hour)
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "POOL-1", OfficerID: "1001"}, map[string]time.Time{
		"REC001.WAV": fx.Clock.T.Add(-30 * time.Minute), "REC002.WAV": fx.Clock.T.Add(-20 * time.Minute)}, records.Facts{}, records.Facts{Officer: "1002"})
	fx.Clock.Advance(3 * time.Hour)
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "POOL-1", OfficerID: "1001"}, map[string]time.Time{"REC003.WAV": fx.Clock.T.Add(-time.Hour)})
	// CAM-9 is lost; CAM-1's next dock brings a clip five days old.
	storetest.Must(t, custody.ReportLost(ctx, off2, "CAM-9", "巡查途中遗失"))
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-1", OfficerID: "1001"}, map[string]time.Time{"FILE0005.MP4": fx.Clock.T.Add(-5 * 24 * time.Hour)})

	if _, err := custody.ScanSigns(ctx, off); !errors.Is(err, store.ErrRefused) {
		t.Errorf("an officer raised signs: %v", err)
	}
	n, err := custody.ScanSigns(ctx, sup)
	storetest.Must(t, err)
	all, err := custody.Violations(ctx, sup, custody.ViolationFilter{})
	storetest.Must(t, err)
	bySign := map[string][]custody.Violation{}
	for _, v := range all {
		bySign[v.Sign] = append(bySign[v.Sign], v)
		if v.Status != custody.ViolationRaised || v.RaisedBy != "user:r_supervisor" {
			t.Errorf("%s: status %s raised by %s", v.Ref, v.Status, v.RaisedBy)
		}
	}
	if n != len(all) {
		t.Errorf("ScanSigns raised %d, the register has %d", n, len(all))
	}
	gap := bySign[custody.SignClipGap]
	if len(gap) != 1 || gap[0].Device != "CAM-1" || gap[0].Officer != "1001" || gap[0].Item != "deleted" ||
		!strings.Contains(gap[0].Detail, "FILE0002.MP4 与 FILE0004.MP4 之间缺少编号 0003") {
		t.Errorf("clip gap signs %+v", gap)
	}
	if o := bySign[custody.SignOtherOfficer]; len(o) != 1 || o[0].Device != "POOL-1" || o[0].Officer != "1001" || o[0].Item != "lent" ||
		!strings.Contains(o[0].Detail, "1002") {
		t.Errorf("other-officer signs %+v", o)
	}
	if o := bySign[custody.SignOutsideCustody]; len(o) != 1 || o[0].Device != "POOL-1" || !strings.Contains(o[0].Detail, "1 个录像") {
		t.Errorf("outside-custody signs %+v", o)
	}
	if l := bySign[custody.SignLostDevice]; len(l) != 1 || l[0].Device != "CAM-9" || l[0].Item != "lost" {
		t.Errorf("lost signs %+v", l)
	}
	if l := bySign[custody.SignLateImport]; len(l) != 1 || l[0].Device != "CAM-1" || !strings.Contains(l[0].Detail, "1 个录像") {
		t.Errorf("late signs %+v", l)
	}
	if len(all) != 5 {
		t.Errorf("%d signs, want 5", len(all))
	}
	// Scanning again raises nothing twice.
	if n, err := custody.ScanSigns(ctx, boss); err != nil || n != 0 {
		t.Errorf("second scan raised %d: %v", n, err)
	}

	// An officer sees their own entries only.
	mine, err := custody.Violations(ctx, off, custody.ViolationFilter{})
	storetest.Must(t, err)
	for _, v := range mine {
		if v.Officer != "1001" {
			t.Errorf("officer 1001 sees %+v", v)
		}
	}
	if len(mine) != 4 {
		t.Errorf("officer 1001 sees %d entries, want 4", len(mine))
	}
	if _, err := custody.Violations(ctx, off, custody.ViolationFilter{Officer: "1002"}); !errors.Is(err, store.ErrRefused) {
		t.Errorf("an officer read another's entries: %v", err)
	}

	// A case through its steps.
	id := gap[0].ID
	before := storetest.LedgerSize(t, fx.St)
	if err := custody.DecideViolation(ctx, boss, id, []string{"书面检查"}, "x"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("deciding a sign not opened: %v", err)
	}
	if err := custody.OpenViolation(ctx, off, id, "x"); !errors.Is(err, store.ErrRefused) {
		t.Errorf("an officer opened a case: %v", err)
	}
	storetest.Must(t, custody.OpenViolation(ctx, sup, id, "核查是否删除了 0003"))
	if err := custody.OpenViolation(ctx, sup, id, "again"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("opening twice: %v", err)
	}
	if err := custody.DecideViolation(ctx, sup, id, []string{"书面检查"}, "x"); !errors.Is(err, store.ErrRefused) {
		t.Errorf("a supervisor decided: %v", err)
	}
	if err := custody.DecideViolation(ctx, boss, id, []string{"罚款"}, "x"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a measure Art. 21 does not have: %v", err)
	}
	if err := custody.DecideViolation(ctx, boss, id, nil, "x"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a decision without a measure: %v", err)
	}
	storetest.Must(t, custody.DecideViolation(ctx, boss, id, []string{"行政处分", "书面检查"}, "经核查确系故意删除"))
	storetest.Must(t, custody.CloseViolation(ctx, sup, id, "已执行"))
	if err := custody.CloseViolation(ctx, sup, id, "again"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("closing twice: %v", err)
	}
	if err := custody.CloseViolation(ctx, sup, 999, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("closing no entry: %v", err)
	}
	got, err := custody.Violations(ctx, sup, custody.ViolationFilter{ID: id})
	storetest.Must(t, err)
	v := got[0]
	if v.Status != custody.ViolationClosed || !slices.Equal(v.Measures, []string{"self_criticism", "sanction"}) || v.DecidedBy != "user:boss" ||
		v.Decision != "经核查确系故意删除" || v.OpenNote != "核查是否删除了 0003" || v.CloseNote != "已执行" || v.ClosedAt.IsZero() {
		t.Errorf("the case after its steps: %+v", v)
	}
	var steps []string
	for _, e := range storetest.EntriesSince(t, fx.St, before) {
		if e.Subject == v.Subject() {
			steps = append(steps, e.Action)
		}
	}
	if got := strings.Join(steps, ","); got != "refused,violation.open,refused,violation.decide,violation.close" {
		t.Errorf("ledger steps of the case: %s", got)
	}
	// A sign found to be nothing is closed without a decision.
	storetest.Must(t, custody.CloseViolation(ctx, sup, bySign[custody.SignLostDevice][0].ID, "已找回，无损失"))
	open, err := custody.Violations(ctx, sup, custody.ViolationFilter{Open: true})
	storetest.Must(t, err)
	if len(open) != 3 {
		t.Errorf("%d entries open, want 3", len(open))
	}
}
