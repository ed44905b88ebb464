package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRetainUntil(t *testing.T) {
	leap := date(2024, 2, 29)
	tests := []struct {
		name    string
		at      time.Time
		years   int
		holds   []Hold
		until   time.Time
		forever bool
	}{
		{"one year", date(2025, 3, 1), 1, nil, date(2026, 3, 1), false},
		{"leap day: a full year, to 1 March", leap, 1, nil, date(2025, 3, 1), false},
		{"leap day, four years: 29 February again", leap, 4, nil, date(2028, 2, 29), false},
		{"never below one year", leap, 0, nil, date(2025, 3, 1), false},
		{"configured upward", leap, 3, nil, date(2027, 3, 1), false},
		{"an earlier hold does not shorten", leap, 1, []Hold{{Case: "A", Until: date(2024, 12, 1)}}, date(2025, 3, 1), false},
		{"the longest hold wins", leap, 1, []Hold{{Case: "A", Until: date(2027, 1, 1)}, {Case: "B", Until: date(2030, 5, 5)},
			{Case: "C", Until: date(2026, 1, 1)}}, date(2030, 5, 5), false},
		{"held for good", leap, 1, []Hold{{Case: "A", Until: date(2027, 1, 1)}, {Case: "P", Forever: true}}, time.Time{}, true},
	}
	for _, tt := range tests {
		until, forever := RetainUntil(tt.at, tt.years, tt.holds)
		if !until.Equal(tt.until) || forever != tt.forever {
			t.Errorf("%s: %v %v, want %v %v", tt.name, until, forever, tt.until, tt.forever)
		}
	}
}

// retentionOf is rec's retention as the custodian sees it.
func retentionOf(t *testing.T, fx *fixture, rec string) RetentionItem {
	t.Helper()
	items, err := fx.keep.Retention(context.Background(), RetentionFilter{IDs: []string{rec}, Purged: true})
	if err != nil || len(items) != 1 {
		t.Fatalf("retention of %s: %v %v", rec, items, err)
	}
	return items[0]
}

func expiredIDs(t *testing.T, fx *fixture) map[string]bool {
	t.Helper()
	items, err := fx.keep.Retention(context.Background(), RetentionFilter{Expired: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, it := range items {
		out[it.RecordingID] = true
	}
	return out
}

func TestRetentionAndHolds(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	fx.clock.t = date(2024, 2, 29)
	rec := importAs(t, fx.st, "recorded on leap day", "LEAP.MP4", "1001").ID

	want := func(until time.Time, forever, expired bool, holds int) {
		t.Helper()
		it := retentionOf(t, fx, rec)
		if !it.Until.Equal(until) || it.Forever != forever || it.Expired != expired || len(it.Holds) != holds {
			t.Fatalf("at %s: until %v forever %v expired %v holds %v; want %v %v %v %d holds",
				fx.clock.t.Format(time.DateOnly), it.Until, it.Forever, it.Expired, it.Holds, until, forever, expired, holds)
		}
		if got := expiredIDs(t, fx)[rec]; got != expired {
			t.Fatalf("in the expired list: %v, want %v", got, expired)
		}
	}
	fx.clock.t = date(2025, 2, 28)
	want(date(2025, 3, 1), false, false, 0)
	fx.clock.t = date(2025, 3, 1)
	want(date(2025, 3, 1), false, true, 0)

	// An open case holds for good; closed, for its years after closing.
	if err := fx.keep.AddCase(ctx, Case{Number: "A-1", Name: "无证经营", Type: "行政处罚", Retention: Retention{Years: 3}}); err != nil {
		t.Fatal(err)
	}
	if err := fx.keep.Link(ctx, "A-1", []string{rec}); err != nil {
		t.Fatal(err)
	}
	want(time.Time{}, true, false, 1)
	fx.clock.t = date(2025, 6, 1)
	if err := fx.keep.CloseCase(ctx, "A-1", "decided"); err != nil {
		t.Fatal(err)
	}
	want(date(2028, 6, 1), false, false, 1)

	// A second case with a longer retention: the longest hold wins.
	if err := fx.keep.AddCase(ctx, Case{Number: "B-2", Name: "投诉", Retention: Retention{Years: 5}}); err != nil {
		t.Fatal(err)
	}
	fx.keep.Link(ctx, "B-2", []string{rec})
	fx.keep.CloseCase(ctx, "B-2", "")
	want(date(2030, 6, 1), false, false, 2)

	// The first case made permanent: held for good.
	if err := fx.keep.SetCaseRetention(ctx, "A-1", Retention{Permanent: true}, "court order"); err != nil {
		t.Fatal(err)
	}
	want(time.Time{}, true, false, 2)

	// Its hold released: the other one is left.
	if err := fx.keep.Unlink(ctx, "A-1", []string{rec}, "linked by mistake"); err != nil {
		t.Fatal(err)
	}
	want(date(2030, 6, 1), false, false, 1)

	// Both released, and time passes: the base date counts again.
	if err := fx.keep.Unlink(ctx, "B-2", []string{rec}, "case withdrawn"); err != nil {
		t.Fatal(err)
	}
	want(date(2025, 3, 1), false, true, 0)

	// A longer base retention; never below one year.
	if err := fx.root.SetRetentionYears(ctx, 3, "bureau decision"); err != nil {
		t.Fatal(err)
	}
	want(date(2027, 3, 1), false, false, 0)
	if err := fx.root.SetRetentionYears(ctx, 0, "too short"); err == nil {
		t.Fatal("retention of 0 years accepted")
	}
	if err := fx.keep.SetRetentionYears(ctx, 5, "not mine"); !errors.Is(err, ErrRefused) {
		t.Fatalf("custodian sets the policy: %v", err)
	}
}

func TestCaseRules(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	for _, c := range []Case{{Number: "", Name: "x", Retention: Retention{Years: 1}}, {Number: "C", Name: "x"},
		{Number: "C", Name: "x", Retention: Retention{Years: -2}}} {
		if err := fx.keep.AddCase(ctx, c); err == nil {
			t.Errorf("case %+v accepted", c)
		}
	}
	if err := fx.keep.AddCase(ctx, Case{Number: "C", Name: "x", Retention: Retention{Years: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := fx.keep.AddCase(ctx, Case{Number: "C", Name: "y", Retention: Retention{Years: 1}}); !errors.Is(err, ErrExists) {
		t.Fatalf("second case C: %v", err)
	}
	if err := fx.keep.Link(ctx, "C", []string{"no-such"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("link unknown recording: %v", err)
	}
	if err := fx.keep.Link(ctx, "nope", []string{fx.rec.ID}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("link to unknown case: %v", err)
	}
	if err := fx.keep.Unlink(ctx, "C", []string{fx.rec.ID}, ""); err == nil {
		t.Fatal("unlink without a reason")
	}
	if err := fx.o2.Link(ctx, "C", []string{fx.rec.ID}); !errors.Is(err, ErrRefused) {
		t.Fatalf("officer links: %v", err)
	}
	fx.keep.Link(ctx, "C", []string{fx.rec.ID})
	c, err := fx.o2.Case(ctx, "C")
	if err != nil || len(c.Recordings) != 1 || !c.Open() {
		t.Fatalf("case C: %+v %v", c, err)
	}
	if err := fx.keep.CloseCase(ctx, "C", ""); err != nil {
		t.Fatal(err)
	}
	if err := fx.keep.CloseCase(ctx, "C", ""); err == nil {
		t.Fatal("closed twice")
	}
}
