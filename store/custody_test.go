package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestCustody(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	must(t, fx.root.AddOfficer(ctx, Officer{Number: "1001", Name: "张三"}))
	must(t, fx.root.AddOfficer(ctx, Officer{Number: "1002", Name: "李四"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-1", Officer: "1001"}))
	must(t, fx.root.AddDevice(ctx, Device{Serial: "CAM-2"}))
	start := fx.clock.t

	c, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001"})
	must(t, err)
	l := start.In(time.Local)
	if want := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.Local); !c.Due.Equal(want) {
		t.Errorf("due %v, want the end of the day %v", c.Due, want)
	}
	if _, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1002"}); !errors.Is(err, ErrConflict) {
		t.Errorf("second check-out of a recorder that is out: %v, want ErrConflict", err)
	}
	if _, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-2", Officer: "9999"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("check-out to an unregistered officer: %v, want ErrNotFound", err)
	}
	if _, err := fx.keep.CheckOut(ctx, Checkout{Device: "CAM-2", Officer: "1002", Remote: true}); !errors.Is(err, ErrInvalid) {
		t.Errorf("remote work without a return: %v, want ErrInvalid", err)
	}

	// Officer 1002 docks officer 1001's recorder: the dock returns it, and
	// the custody names 1002 (Art. 20(2)).
	fx.clock.advance(8 * time.Hour)
	run, err := fx.st.Workstation().BeginImport(ctx, ImportSpec{Source: "dock", DeviceID: "CAM-1", OfficerID: "1002"})
	must(t, err)
	must(t, run.Finish(ctx, Summary{Status: StatusComplete}))
	dockedAt := fx.clock.t
	fx.clock.advance(time.Hour)
	recs, err := fx.as[RoleSupervisor].Custody(ctx, CustodyFilter{Device: "CAM-1"})
	must(t, err)
	if len(recs) != 1 {
		t.Fatalf("custody %+v", recs)
	}
	r := recs[0]
	if r.ReturnedBy != "dock" || r.DockImport != run.ID || !r.Returned.Equal(dockedAt.UTC().Truncate(time.Millisecond)) {
		t.Errorf("returned %v by %q (%s), want the dock at %v", r.Returned, r.ReturnedBy, r.DockImport, dockedAt)
	}
	if !slices.Equal(r.OtherOfficers, []string{"1002"}) {
		t.Errorf("other officers %v, want [1002]", r.OtherOfficers)
	}
	if r.Overdue {
		t.Error("docked the same day, yet overdue")
	}
	// Who had it when.
	if o, ok, _ := fx.st.Custodian(ctx, "CAM-1", start.Add(time.Hour)); !ok || o != "1001" {
		t.Errorf("custodian an hour after check-out: %q %v", o, ok)
	}
	if _, ok, _ := fx.st.Custodian(ctx, "CAM-1", dockedAt.Add(time.Minute)); ok {
		t.Error("still out after the dock")
	}
	// A check-in after the dock writes the dock down; a second one conflicts.
	back, err := fx.keep.CheckIn(ctx, "CAM-1", "")
	must(t, err)
	if back.ReturnedBy != "dock" {
		t.Errorf("check-in after a dock: returned by %q", back.ReturnedBy)
	}
	if _, err := fx.keep.CheckIn(ctx, "CAM-1", ""); !errors.Is(err, ErrConflict) {
		t.Errorf("second check-in: %v, want ErrConflict", err)
	}

	// Out again, not back by the end of the day: overdue, and an open item
	// until the officer loses it.
	_, err = fx.keep.CheckOut(ctx, Checkout{Device: "CAM-1", Officer: "1001"})
	must(t, err)
	fx.clock.advance(30 * time.Hour)
	items, err := fx.as[RoleOfficer].OpenItemsFor(ctx, "1001")
	must(t, err)
	if !slices.ContainsFunc(items, func(it OpenItem) bool { return it.Kind == ItemOverdue && it.Device == "CAM-1" }) {
		t.Errorf("open items of 1001 %+v lack the overdue recorder", items)
	}
	if err := fx.o2.ReportLost(ctx, "CAM-1", "丢失"); !errors.Is(err, ErrRefused) {
		t.Errorf("officer 1002 reporting 1001's recorder lost: %v, want ErrRefused", err)
	}
	must(t, fx.as[RoleOfficer].ReportLost(ctx, "CAM-1", "巡查途中遗失"))
	recs, err = fx.keep.Custody(ctx, CustodyFilter{Device: "CAM-1", Limit: 1})
	must(t, err)
	if recs[0].Lost.IsZero() || recs[0].Overdue {
		t.Errorf("lost recorder: %+v, want lost and no longer overdue", recs[0])
	}
	items, err = fx.as[RoleOfficer].OpenItemsFor(ctx, "1001")
	must(t, err)
	if slices.ContainsFunc(items, func(it OpenItem) bool { return it.Kind == ItemOverdue }) {
		t.Errorf("a lost recorder is still an overdue item: %+v", items)
	}
}

func TestNotRecordedNeedsAReasonOfArticle7(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	n := NotRecorded{Day: "2025-03-01", Place: "X", Category: "inspection", Reason: "lazy", Basis: "b", Text: "t"}
	if _, err := fx.as[RoleOfficer].FileNotRecorded(ctx, n); !errors.Is(err, ErrInvalid) {
		t.Errorf("reason outside Art. 7: %v", err)
	}
	n.Reason = "emergency"
	got, err := fx.as[RoleOfficer].FileNotRecorded(ctx, n)
	must(t, err)
	if got.Officer != "1001" {
		t.Errorf("filed for %q, want the user's officer 1001", got.Officer)
	}
	must(t, fx.boss.AckNotRecorded(ctx, got.ID, "知悉"))
	if err := fx.boss.AckNotRecorded(ctx, got.ID, ""); !errors.Is(err, ErrConflict) {
		t.Errorf("second acknowledgement: %v", err)
	}
	list, err := fx.o2.NotRecordedRecords(ctx, NotRecordedFilter{})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("officer 1002 sees 1001's work records: %+v", list)
	}
}
