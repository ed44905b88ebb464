package followups_test

import (
	"context"
	"testing"
	"time"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// The monthly report gathers, from a real data folder, the recordings by
// officer and activity type, every interruption with or without its
// explanation, the recorders by state, the failed pre-use checks and the
// register with the signs raised while gathering it.
func TestMonthlyReport(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-1", Officer: "1001"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-2"}))
	day := fx.Clock.T.Add(-4 * time.Hour)
	storetest.Dock(t, fx.St, records.ImportSpec{DeviceID: "CAM-1", OfficerID: "1001"}, map[string]time.Time{
		"FILE0001.MP4": day, "FILE0002.MP4": day.Add(5 * time.Minute), "FILE0004.MP4": day.Add(20 * time.Minute)})
	recs, err := records.QueryRecordings(ctx, fx.St, records.RecordingFilter{DeviceID: "CAM-1"})
	storetest.Must(t, err)
	storetest.Must(t, followups.Categorize(ctx, fx.As[store.RoleOfficer], []string{recs[0].ID, recs[1].ID}, "inspection"))
	gaps, err := followups.Gaps(ctx, fx.As[store.RoleSupervisor], "CAM-1", false)
	storetest.Must(t, err)
	if len(gaps) != 2 {
		t.Fatalf("gaps %+v", gaps)
	}
	storetest.Must(t, followups.Explain(ctx, fx.As[store.RoleOfficer], gaps[0].ID, "battery", "", true))
	storetest.Must(t, custody.SetDeviceState(ctx, fx.Keep, "CAM-2", custody.StateRepair, "送修"))
	_, err = custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001", Check: &custody.PreUseCheck{Memory: true, Clock: true}})
	storetest.Must(t, err)

	day0 := day.In(time.Local).Format(time.DateOnly)
	m, err := followups.MonthlyReport(ctx, fx.As[store.RoleSupervisor], followups.Period{From: day0, To: day0})
	storetest.Must(t, err)
	byCat := map[string]int{}
	for _, c := range m.Categories {
		if c.Officer == "1001" {
			byCat[c.Category] = c.N
		}
	}
	if byCat["inspection"] != 2 || byCat[""] != 1 {
		t.Errorf("categories %+v", m.Categories)
	}
	if len(m.Interruptions) != 2 || !m.Interruptions[0].Explained || m.Interruptions[1].Explained || m.Interruptions[0].Officer != "1001" {
		t.Errorf("interruptions %+v", m.Interruptions)
	}
	states := map[string]string{}
	for _, d := range m.Devices {
		states[d.Serial] = d.State
	}
	if states["CAM-1"] != custody.StateInUse || states["CAM-2"] != custody.StateRepair {
		t.Errorf("devices %+v", m.Devices)
	}
	if len(m.PreUseFailed) != 1 || m.PreUseFailed[0].Problems[0] != "battery" {
		t.Errorf("failed pre-use checks %+v", m.PreUseFailed)
	}
	if len(m.Violations) != 1 || m.Violations[0].Sign != custody.SignClipGap {
		t.Errorf("violations %+v", m.Violations)
	}
	if _, err := followups.MonthlyReport(ctx, fx.As[store.RoleOfficer], followups.Period{From: day0, To: day0}); err == nil {
		t.Error("an officer gathered the monthly report")
	}
}
