package store

import (
	"context"
	"testing"
	"time"
)

// The monthly report gathers, from a real data folder, the recordings by
// officer and activity type, every interruption with or without its
// explanation, the recorders by state, the failed pre-use checks and the
// register with the signs raised while gathering it.
func TestMonthlyReport(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	must(t, fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-1", Officer: "1001"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-2"}))
	day := fx.clock.t.Add(-4 * time.Hour)
	dock(t, fx.st, ImportSpec{DeviceID: "CAM-1", OfficerID: "1001"}, map[string]time.Time{
		"FILE0001.MP4": day, "FILE0002.MP4": day.Add(5 * time.Minute), "FILE0004.MP4": day.Add(20 * time.Minute)})
	recs, err := fx.st.recordings(ctx, RecordingFilter{DeviceID: "CAM-1"})
	must(t, err)
	must(t, fx.as[RoleOfficer].Categorize(ctx, []string{recs[0].ID, recs[1].ID}, "inspection"))
	gaps, err := fx.as[RoleSupervisor].Gaps(ctx, "CAM-1", false)
	must(t, err)
	if len(gaps) != 2 {
		t.Fatalf("gaps %+v", gaps)
	}
	must(t, fx.as[RoleOfficer].Explain(ctx, gaps[0].ID, "battery", "", true))
	must(t, fx.keep.SetDeviceState(ctx, "CAM-2", StateRepair, "送修"))
	_, err = fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001", Check: &PreUseCheck{Memory: true, Clock: true}})
	must(t, err)

	day0 := day.In(time.Local).Format(time.DateOnly)
	m, err := fx.as[RoleSupervisor].MonthlyReport(ctx, Period{From: day0, To: day0})
	must(t, err)
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
	if states["CAM-1"] != StateInUse || states["CAM-2"] != StateRepair {
		t.Errorf("devices %+v", m.Devices)
	}
	if len(m.PreUseFailed) != 1 || m.PreUseFailed[0].Problems[0] != "battery" {
		t.Errorf("failed pre-use checks %+v", m.PreUseFailed)
	}
	if len(m.Violations) != 1 || m.Violations[0].Sign != SignClipGap {
		t.Errorf("violations %+v", m.Violations)
	}
	if _, err := fx.as[RoleOfficer].MonthlyReport(ctx, Period{From: day0, To: day0}); err == nil {
		t.Error("an officer gathered the monthly report")
	}
}
