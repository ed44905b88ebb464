package custody_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

func openItems(t *testing.T, sess *store.Session, kind string) []followups.OpenItem {
	t.Helper()
	items, err := followups.OpenItems(context.Background(), sess, followups.OpenItemFilter{Kind: kind})
	storetest.Must(t, err)
	return items
}

// A recorder's life (Art. 5, 20(7)): under repair, lost or scrapped it is
// not issued; each change is written with who and when, in the ledger too;
// only custodian and administrator change it.
func TestDeviceStates(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-1", Officer: "1001"}))
	before := storetest.LedgerSize(t, fx.St)

	if err := custody.SetDeviceState(ctx, fx.As[store.RoleOfficer], "CAM-1", custody.StateRepair, "坏了"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("an officer changed a recorder's state: %v", err)
	}
	if err := custody.SetDeviceState(ctx, fx.Keep, "CAM-1", "broken", "x"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("unknown state: %v, want ErrInvalid", err)
	}
	if err := custody.SetDeviceState(ctx, fx.Keep, "NO-SUCH", custody.StateRepair, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown recorder: %v, want ErrNotFound", err)
	}
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateRepair, "屏幕损坏，送修"))
	if err := custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateRepair, "again"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("setting the state it is in: %v, want ErrConflict", err)
	}
	_, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001"})
	if !errors.Is(err, custody.ErrConflict) || !strings.Contains(err.Error(), "维修") {
		t.Fatalf("check-out of a recorder under repair: %v, want ErrConflict naming 维修", err)
	}
	fx.Clock.Advance(time.Hour)
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateInUse, "修好"))
	c, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001"})
	storetest.Must(t, err)
	fx.Clock.Advance(time.Hour)
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateLost, "巡查途中遗失"))
	if got, _ := custody.StateOf(ctx, fx.St, fx.St.DB(), "CAM-1"); got.State != custody.StateLost {
		t.Errorf("state after losing it: %+v", got)
	}
	cs, err := custody.Custody(ctx, fx.Keep, custody.CustodyFilter{Device: "CAM-1"})
	storetest.Must(t, err)
	if len(cs) != 1 || cs[0].ID != c.ID || cs[0].Lost.IsZero() {
		t.Errorf("the custody does not show the loss: %+v", cs)
	}
	fx.Clock.Advance(time.Hour)
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateInUse, "已找回"))
	fx.Clock.Advance(time.Hour)
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Root, "CAM-1", custody.StateScrapped, "无法修复，报废"))
	if err := custody.SetDeviceState(ctx, fx.Keep, "CAM-1", custody.StateInUse, "x"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("a scrapped recorder back in use: %v, want ErrConflict", err)
	}
	if _, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001"}); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("check-out of a scrapped recorder: %v", err)
	}

	hist, err := custody.DeviceHistory(ctx, fx.As[store.RoleSupervisor], "CAM-1")
	storetest.Must(t, err)
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
	ss, err := custody.DeviceStatuses(ctx, fx.As[store.RoleSupervisor])
	storetest.Must(t, err)
	if len(ss) != 1 || ss[0].State != custody.StateScrapped || ss[0].By != "user:root" {
		t.Errorf("statuses %+v", ss)
	}
	var changes []string
	for _, e := range storetest.EntriesSince(t, fx.St, before) {
		if e.Action == "device.state" {
			changes = append(changes, string(e.Details))
		}
	}
	if len(changes) != 4 || !strings.Contains(changes[0], `"to":"repair"`) || !strings.Contains(changes[0], `"note":"屏幕损坏，送修"`) {
		t.Errorf("device.state entries: %v", changes)
	}
	if !storetest.HasEntry(storetest.EntriesSince(t, fx.St, before), "user:r_officer", "refused") {
		t.Error("the officer's attempt is not in the ledger")
	}
}

// The check before use (Art. 5): what the officer ticks and what the last
// docking measured; a failed check is an open item for the supervisor
// until acknowledged. A clock found more than five minutes off at docking
// is an open item until corrected.
func TestPreUseCheckAndClock(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-1"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-2"}))
	sup, off := fx.As[store.RoleSupervisor], fx.As[store.RoleOfficer]
	at := fx.Clock.T.Add(-2 * time.Hour)

	// A docking found CAM-1 seven minutes ahead and nearly full; CAM-2
	// three minutes ahead (within the limit) with room.
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-1", OfficerID: "1001", ClockOffset: 7 * time.Minute, ClockMeasured: true,
		RecorderFree: 400_000_000, RecorderTotal: 32_000_000_000}, map[string]time.Time{"FILE0001.MP4": at})
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-2", OfficerID: "1001", ClockOffset: 3 * time.Minute, ClockMeasured: true,
		RecorderFree: 20_000_000_000, RecorderTotal: 32_000_000_000}, map[string]time.Time{"FILE0001.MP4": at.Add(time.Minute)})
	clocks := openItems(t, sup, custody.ItemClock)
	if len(clocks) != 1 || clocks[0].Device != "CAM-1" || clocks[0].Detail != "+420 s" {
		t.Fatalf("clock items %+v, want CAM-1 off by +420 s", clocks)
	}
	if items := openItems(t, off, custody.ItemClock); len(items) != 1 {
		t.Errorf("the officer who docked it does not see the clock item: %+v", items)
	}

	fx.Clock.Advance(time.Hour)
	c, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001", Check: &custody.PreUseCheck{Battery: true, Memory: true, Clock: false, Note: "时间不对"}})
	storetest.Must(t, err)
	checks, err := custody.PreUseChecks(ctx, sup, custody.PreUseFilter{Device: "CAM-1"})
	storetest.Must(t, err)
	if len(checks) != 1 || checks[0].Custody != c.ID || strings.Join(checks[0].Problems, ",") != "clock,dock_free,dock_clock" ||
		checks[0].DockFree != 400_000_000 || checks[0].DockOffS != 420 || checks[0].Passed() {
		t.Fatalf("pre-use check %+v", checks)
	}
	pre := openItems(t, sup, custody.ItemPreUse)
	if len(pre) != 1 || pre[0].Officer != "1001" || pre[0].Detail != "clock,dock_free,dock_clock" || pre[0].Ref != fmt.Sprintf("preuse:%d", checks[0].ID) {
		t.Fatalf("pre-use items %+v", pre)
	}
	d, err := followups.DashboardFor(ctx, sup, followups.Period{From: "2025-03-01", To: "2025-03-01"})
	storetest.Must(t, err)
	if d.Open[custody.ItemPreUse] != 1 || d.Open[custody.ItemClock] != 1 {
		t.Errorf("the supervisor's counts %v", d.Open)
	}

	// The clock is corrected; the check is acknowledged; both leave the list.
	if err := custody.CorrectClock(ctx, off, "CAM-1", "已校时"); !errors.Is(err, store.ErrRefused) {
		t.Errorf("an officer recorded a clock correction: %v", err)
	}
	storetest.Must(t, custody.CorrectClock(ctx, fx.Keep, "CAM-1", "已按工作站时间校准"))
	if err := custody.CorrectClock(ctx, fx.Keep, "CAM-1", "again"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("a second correction: %v, want ErrConflict", err)
	}
	if err := custody.CorrectClock(ctx, fx.Keep, "CAM-2", "x"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("correcting a clock within the limit: %v, want ErrConflict", err)
	}
	if items := openItems(t, sup, custody.ItemClock); len(items) != 0 {
		t.Errorf("clock items after the correction: %+v", items)
	}
	storetest.Must(t, custody.AckPreUse(ctx, sup, checks[0].ID, "已更换记录仪"))
	if err := custody.AckPreUse(ctx, sup, checks[0].ID, "again"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("a second acknowledgement: %v", err)
	}
	if err := custody.AckPreUse(ctx, sup, 99, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("acknowledging no check: %v", err)
	}
	if items := openItems(t, sup, custody.ItemPreUse); len(items) != 0 {
		t.Errorf("pre-use items after the acknowledgement: %+v", items)
	}

	// A check that passes: everything ticked, the last docking fine.
	_, err = custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-2", Officer: "1001", Check: &custody.PreUseCheck{Battery: true, Memory: true, Clock: true}})
	storetest.Must(t, err)
	checks, err = custody.PreUseChecks(ctx, sup, custody.PreUseFilter{Device: "CAM-2"})
	storetest.Must(t, err)
	if len(checks) != 1 || !checks[0].Passed() {
		t.Errorf("check of CAM-2 %+v, want passed", checks)
	}
	if err := custody.AckPreUse(ctx, sup, checks[0].ID, "x"); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("acknowledging a check that passed: %v", err)
	}

	// The workstation setting the clock at a later docking closes it too.
	fx.Clock.Advance(time.Hour)
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-2", OfficerID: "1001", ClockOffset: -10 * time.Minute, ClockMeasured: true},
		map[string]time.Time{"FILE0002.MP4": fx.Clock.T.Add(-time.Hour)})
	if items := openItems(t, sup, custody.ItemClock); len(items) != 1 || items[0].Detail != "-600 s" {
		t.Fatalf("clock items %+v, want CAM-2 at -600 s", items)
	}
	fx.Clock.Advance(time.Second)
	storetest.Must(t, fx.St.Workstation().RecordClockSet(ctx, "CAM-2", -10*time.Minute, true))
	if items := openItems(t, sup, custody.ItemClock); len(items) != 0 {
		t.Errorf("clock items after the workstation set the clock: %+v", items)
	}
}
