package custody_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

func TestCustody(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1001", Name: "张三"}))
	storetest.Must(t, fx.Root.AddOfficer(ctx, store.Officer{Number: "1002", Name: "李四"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-1", Officer: "1001"}))
	storetest.Must(t, fx.Root.AddDevice(ctx, store.Device{Serial: "CAM-2"}))
	start := fx.Clock.T

	c, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001"})
	storetest.Must(t, err)
	l := start.In(time.Local)
	if want := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.Local); !c.Due.Equal(want) {
		t.Errorf("due %v, want the end of the day %v", c.Due, want)
	}
	if _, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1002"}); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("second check-out of a recorder that is out: %v, want ErrConflict", err)
	}
	if _, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-2", Officer: "9999"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("check-out to an unregistered officer: %v, want ErrNotFound", err)
	}
	if _, err := custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-2", Officer: "1002", Remote: true}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("remote work without a return: %v, want ErrInvalid", err)
	}

	// Officer 1002 docks officer 1001's recorder: the dock returns it, and
	// the custody names 1002 (Art. 20(2)).
	fx.Clock.Advance(8 * time.Hour)
	run, err := records.BeginImport(ctx, fx.St.Workstation(), records.ImportSpec{Source: "dock", DeviceID: "CAM-1", OfficerID: "1002"})
	storetest.Must(t, err)
	storetest.Must(t, run.Finish(ctx, records.Summary{Status: store.StatusComplete}))
	dockedAt := fx.Clock.T
	fx.Clock.Advance(time.Hour)
	recs, err := custody.Custody(ctx, fx.As[store.RoleSupervisor], custody.CustodyFilter{Device: "CAM-1"})
	storetest.Must(t, err)
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
	if o, ok, _ := custody.Custodian(ctx, fx.St, "CAM-1", start.Add(time.Hour)); !ok || o != "1001" {
		t.Errorf("custodian an hour after check-out: %q %v", o, ok)
	}
	if _, ok, _ := custody.Custodian(ctx, fx.St, "CAM-1", dockedAt.Add(time.Minute)); ok {
		t.Error("still out after the dock")
	}
	// A check-in after the dock writes the dock down; a second one conflicts.
	back, err := custody.CheckIn(ctx, fx.Keep, "CAM-1", "")
	storetest.Must(t, err)
	if back.ReturnedBy != "dock" {
		t.Errorf("check-in after a dock: returned by %q", back.ReturnedBy)
	}
	if _, err := custody.CheckIn(ctx, fx.Keep, "CAM-1", ""); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("second check-in: %v, want ErrConflict", err)
	}

	// Out again, not back by the end of the day: overdue, and an open item
	// until the officer loses it.
	_, err = custody.CheckOut(ctx, fx.Keep, custody.Checkout{Device: "CAM-1", Officer: "1001"})
	storetest.Must(t, err)
	fx.Clock.Advance(30 * time.Hour)
	items, err := followups.OpenItemsFor(ctx, fx.As[store.RoleOfficer], "1001")
	storetest.Must(t, err)
	if !slices.ContainsFunc(items, func(it followups.OpenItem) bool { return it.Kind == followups.ItemOverdue && it.Device == "CAM-1" }) {
		t.Errorf("open items of 1001 %+v lack the overdue recorder", items)
	}
	if err := custody.ReportLost(ctx, fx.O2, "CAM-1", "丢失"); !errors.Is(err, store.ErrRefused) {
		t.Errorf("officer 1002 reporting 1001's recorder lost: %v, want ErrRefused", err)
	}
	storetest.Must(t, custody.ReportLost(ctx, fx.As[store.RoleOfficer], "CAM-1", "巡查途中遗失"))
	recs, err = custody.Custody(ctx, fx.Keep, custody.CustodyFilter{Device: "CAM-1", Limit: 1})
	storetest.Must(t, err)
	if recs[0].Lost.IsZero() || recs[0].Overdue {
		t.Errorf("lost recorder: %+v, want lost and no longer overdue", recs[0])
	}
	items, err = followups.OpenItemsFor(ctx, fx.As[store.RoleOfficer], "1001")
	storetest.Must(t, err)
	if slices.ContainsFunc(items, func(it followups.OpenItem) bool { return it.Kind == followups.ItemOverdue }) {
		t.Errorf("a lost recorder is still an overdue item: %+v", items)
	}
}

func TestNotRecordedNeedsAReasonOfArticle7(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	n := followups.NotRecorded{Day: "2025-03-01", Place: "X", Category: "inspection", Reason: "lazy", Basis: "b", Text: "t"}
	if _, err := followups.FileNotRecorded(ctx, fx.As[store.RoleOfficer], n); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("reason outside Art. 7: %v", err)
	}
	n.Reason = "emergency"
	got, err := followups.FileNotRecorded(ctx, fx.As[store.RoleOfficer], n)
	storetest.Must(t, err)
	if got.Officer != "1001" {
		t.Errorf("filed for %q, want the user's officer 1001", got.Officer)
	}
	storetest.Must(t, followups.AckNotRecorded(ctx, fx.Boss, got.ID, "知悉"))
	if err := followups.AckNotRecorded(ctx, fx.Boss, got.ID, ""); !errors.Is(err, custody.ErrConflict) {
		t.Errorf("second acknowledgement: %v", err)
	}
	list, err := followups.NotRecordedRecords(ctx, fx.O2, followups.NotRecordedFilter{})
	storetest.Must(t, err)
	if len(list) != 0 {
		t.Errorf("officer 1002 sees 1001's work records: %+v", list)
	}
}
