package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func openItems(t *testing.T, sess *Session, kind string) []OpenItem {
	t.Helper()
	items, err := sess.OpenItems(context.Background(), OpenItemFilter{Kind: kind})
	must(t, err)
	return items
}

// A recorder's life (Art. 5, 20(7)): under repair, lost or scrapped it is
// not issued; each change is written with who and when, in the ledger too;
// only custodian and administrator change it.
func TestDeviceStates(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	must(t, fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-1", Officer: "1001"}))
	before := ledgerSize(t, fx.st)

	if err := fx.as[RoleOfficer].SetDeviceState(ctx, "CAM-1", StateRepair, "坏了"); !errors.Is(err, ErrRefused) {
		t.Fatalf("an officer changed a recorder's state: %v", err)
	}
	if err := fx.keep.SetDeviceState(ctx, "CAM-1", "broken", "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown state: %v, want ErrInvalid", err)
	}
	if err := fx.keep.SetDeviceState(ctx, "NO-SUCH", StateRepair, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown recorder: %v, want ErrNotFound", err)
	}
	must(t, fx.keep.SetDeviceState(ctx, "CAM-1", StateRepair, "屏幕损坏，送修"))
	if err := fx.keep.SetDeviceState(ctx, "CAM-1", StateRepair, "again"); !errors.Is(err, ErrConflict) {
		t.Errorf("setting the state it is in: %v, want ErrConflict", err)
	}
	_, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001"})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "维修") {
		t.Fatalf("check-out of a recorder under repair: %v, want ErrConflict naming 维修", err)
	}
	fx.clock.advance(time.Hour)
	must(t, fx.keep.SetDeviceState(ctx, "CAM-1", StateInUse, "修好"))
	c, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001"})
	must(t, err)
	fx.clock.advance(time.Hour)
	must(t, fx.keep.SetDeviceState(ctx, "CAM-1", StateLost, "巡查途中遗失"))
	if got, _ := fx.st.deviceState(ctx, fx.st.read, "CAM-1"); got.State != StateLost {
		t.Errorf("state after losing it: %+v", got)
	}
	cs, err := fx.keep.Custody(ctx, CustodyFilter{Device: "CAM-1"})
	must(t, err)
	if len(cs) != 1 || cs[0].ID != c.ID || cs[0].Lost.IsZero() {
		t.Errorf("the custody does not show the loss: %+v", cs)
	}
	fx.clock.advance(time.Hour)
	must(t, fx.keep.SetDeviceState(ctx, "CAM-1", StateInUse, "已找回"))
	fx.clock.advance(time.Hour)
	must(t, fx.root.SetDeviceState(ctx, "CAM-1", StateScrapped, "无法修复，报废"))
	if err := fx.keep.SetDeviceState(ctx, "CAM-1", StateInUse, "x"); !errors.Is(err, ErrConflict) {
		t.Errorf("a scrapped recorder back in use: %v, want ErrConflict", err)
	}
	if _, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001"}); !errors.Is(err, ErrConflict) {
		t.Errorf("check-out of a scrapped recorder: %v", err)
	}

	hist, err := fx.as[RoleSupervisor].DeviceHistory(ctx, "CAM-1")
	must(t, err)
	var states []string
	for _, h := range hist {
		states = append(states, h.State)
	}
	if got := strings.Join(states, ","); got != "repair,in_use,lost,in_use,scrapped" {
		t.Errorf("history %s", got)
	}
	if hist[0].By != "user:keeper" || hist[4].By != "user:root" || hist[0].Note != "屏幕损坏，送修" || hist[0].At.IsZero() {
		t.Errorf("history lacks who, when or why: %+v", hist)
	}
	ss, err := fx.as[RoleSupervisor].DeviceStatuses(ctx)
	must(t, err)
	if len(ss) != 1 || ss[0].State != StateScrapped || ss[0].By != "user:root" {
		t.Errorf("statuses %+v", ss)
	}
	var changes []string
	for _, e := range entriesSince(t, fx.st, before) {
		if e.Action == "device.state" {
			changes = append(changes, string(e.Details))
		}
	}
	if len(changes) != 4 || !strings.Contains(changes[0], `"to":"repair"`) || !strings.Contains(changes[0], `"note":"屏幕损坏，送修"`) {
		t.Errorf("device.state entries: %v", changes)
	}
	if !hasEntry(entriesSince(t, fx.st, before), "user:r_officer", "refused") {
		t.Error("the officer's attempt is not in the ledger")
	}
}

// The check before use (Art. 5): what the officer ticks and what the last
// docking measured; a failed check is an open item for the supervisor
// until acknowledged. A clock found more than five minutes off at docking
// is an open item until corrected.
func TestPreUseCheckAndClock(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	must(t, fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-1"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-2"}))
	sup, off := fx.as[RoleSupervisor], fx.as[RoleOfficer]
	at := fx.clock.t.Add(-2 * time.Hour)

	// A docking found CAM-1 seven minutes ahead and nearly full; CAM-2
	// three minutes ahead (within the limit) with room.
	dock(t, fx.st, ImportSpec{DeviceID: "CAM-1", OfficerID: "1001", ClockOffset: 7 * time.Minute, ClockMeasured: true,
		RecorderFree: 400_000_000, RecorderTotal: 32_000_000_000}, map[string]time.Time{"FILE0001.MP4": at})
	dock(t, fx.st, ImportSpec{DeviceID: "CAM-2", OfficerID: "1001", ClockOffset: 3 * time.Minute, ClockMeasured: true,
		RecorderFree: 20_000_000_000, RecorderTotal: 32_000_000_000}, map[string]time.Time{"FILE0001.MP4": at.Add(time.Minute)})
	clocks := openItems(t, sup, ItemClock)
	if len(clocks) != 1 || clocks[0].Device != "CAM-1" || clocks[0].Detail != "+420 s" {
		t.Fatalf("clock items %+v, want CAM-1 off by +420 s", clocks)
	}
	if items := openItems(t, off, ItemClock); len(items) != 1 {
		t.Errorf("the officer who docked it does not see the clock item: %+v", items)
	}

	fx.clock.advance(time.Hour)
	c, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001", Check: &PreUseCheck{Battery: true, Memory: true, Clock: false, Note: "时间不对"}})
	must(t, err)
	checks, err := sup.PreUseChecks(ctx, PreUseFilter{Device: "CAM-1"})
	must(t, err)
	if len(checks) != 1 || checks[0].Custody != c.ID || strings.Join(checks[0].Problems, ",") != "clock,dock_free,dock_clock" ||
		checks[0].DockFree != 400_000_000 || checks[0].DockOffS != 420 || checks[0].Passed() {
		t.Fatalf("pre-use check %+v", checks)
	}
	pre := openItems(t, sup, ItemPreUse)
	if len(pre) != 1 || pre[0].Officer != "1001" || pre[0].Detail != "clock,dock_free,dock_clock" || pre[0].Ref != fmt.Sprintf("preuse:%d", checks[0].ID) {
		t.Fatalf("pre-use items %+v", pre)
	}
	d, err := sup.Dashboard(ctx, Period{From: "2025-03-01", To: "2025-03-01"})
	must(t, err)
	if d.Open[ItemPreUse] != 1 || d.Open[ItemClock] != 1 {
		t.Errorf("the supervisor's counts %v", d.Open)
	}

	// The clock is corrected; the check is acknowledged; both leave the list.
	if err := off.CorrectClock(ctx, "CAM-1", "已校时"); !errors.Is(err, ErrRefused) {
		t.Errorf("an officer recorded a clock correction: %v", err)
	}
	must(t, fx.keep.CorrectClock(ctx, "CAM-1", "已按工作站时间校准"))
	if err := fx.keep.CorrectClock(ctx, "CAM-1", "again"); !errors.Is(err, ErrConflict) {
		t.Errorf("a second correction: %v, want ErrConflict", err)
	}
	if err := fx.keep.CorrectClock(ctx, "CAM-2", "x"); !errors.Is(err, ErrConflict) {
		t.Errorf("correcting a clock within the limit: %v, want ErrConflict", err)
	}
	if items := openItems(t, sup, ItemClock); len(items) != 0 {
		t.Errorf("clock items after the correction: %+v", items)
	}
	must(t, sup.AckPreUse(ctx, checks[0].ID, "已更换记录仪"))
	if err := sup.AckPreUse(ctx, checks[0].ID, "again"); !errors.Is(err, ErrConflict) {
		t.Errorf("a second acknowledgement: %v", err)
	}
	if err := sup.AckPreUse(ctx, 99, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("acknowledging no check: %v", err)
	}
	if items := openItems(t, sup, ItemPreUse); len(items) != 0 {
		t.Errorf("pre-use items after the acknowledgement: %+v", items)
	}

	// A check that passes: everything ticked, the last docking fine.
	_, err = fx.keep.CheckOut(ctx, Checkout{Device: "CAM-2", Officer: "1001", Check: &PreUseCheck{Battery: true, Memory: true, Clock: true}})
	must(t, err)
	checks, err = sup.PreUseChecks(ctx, PreUseFilter{Device: "CAM-2"})
	must(t, err)
	if len(checks) != 1 || !checks[0].Passed() {
		t.Errorf("check of CAM-2 %+v, want passed", checks)
	}
	if err := sup.AckPreUse(ctx, checks[0].ID, "x"); !errors.Is(err, ErrConflict) {
		t.Errorf("acknowledging a check that passed: %v", err)
	}

	// The workstation setting the clock at a later docking closes it too.
	fx.clock.advance(time.Hour)
	dock(t, fx.st, ImportSpec{DeviceID: "CAM-2", OfficerID: "1001", ClockOffset: -10 * time.Minute, ClockMeasured: true},
		map[string]time.Time{"FILE0002.MP4": fx.clock.t.Add(-time.Hour)})
	if items := openItems(t, sup, ItemClock); len(items) != 1 || items[0].Detail != "-600 s" {
		t.Fatalf("clock items %+v, want CAM-2 at -600 s", items)
	}
	fx.clock.advance(time.Second)
	must(t, fx.st.Workstation().RecordClockSet(ctx, "CAM-2", -10*time.Minute, true))
	if items := openItems(t, sup, ItemClock); len(items) != 0 {
		t.Errorf("clock items after the workstation set the clock: %+v", items)
	}
}
