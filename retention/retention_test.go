package retention_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"evidock/internal/storetest"
	"evidock/retention"
	"evidock/store"
)

func TestRetainUntil(t *testing.T) {
	leap := storetest.Date(2024, 2, 29)
	tests := []struct {
		name    string
		at      time.Time
		years   int
		holds   []retention.Hold
		until   time.Time
		forever bool
	}{
		{"one year", storetest.Date(2025, 3, 1), 1, nil, storetest.Date(2026, 3, 1), false},
		{"leap day: a full year, to 1 March", leap, 1, nil, storetest.Date(2025, 3, 1), false},
		{"leap day, four years: 29 February again", leap, 4, nil, storetest.Date(2028, 2, 29), false},
		{"never below one year", leap, 0, nil, storetest.Date(2025, 3, 1), false},
		{"configured upward", leap, 3, nil, storetest.Date(2027, 3, 1), false},
		{"an earlier hold does not shorten", leap, 1, []retention.Hold{{Case: "A", Until: storetest.Date(2024, 12, 1)}}, storetest.Date(2025, 3, 1), false},
		{"the longest hold wins", leap, 1, []retention.Hold{{Case: "A", Until: storetest.Date(2027, 1, 1)}, {Case: "B", Until: storetest.Date(2030, 5, 5)},
			{Case: "C", Until: storetest.Date(2026, 1, 1)}}, storetest.Date(2030, 5, 5), false},
		{"held for good", leap, 1, []retention.Hold{{Case: "A", Until: storetest.Date(2027, 1, 1)}, {Case: "P", Forever: true}}, time.Time{}, true},
	}
	for _, tt := range tests {
		until, forever := retention.RetainUntil(tt.at, tt.years, tt.holds)
		if !until.Equal(tt.until) || forever != tt.forever {
			t.Errorf("%s: %v %v, want %v %v", tt.name, until, forever, tt.until, tt.forever)
		}
	}
}

// retentionOf is rec's retention as the custodian sees it.
func retentionOf(t *testing.T, fx *storetest.Fixture, rec string) retention.RetentionItem {
	t.Helper()
	items, err := retention.List(context.Background(), fx.Keep, retention.RetentionFilter{IDs: []string{rec}, Purged: true})
	if err != nil || len(items) != 1 {
		t.Fatalf("retention of %s: %v %v", rec, items, err)
	}
	return items[0]
}

func expiredIDs(t *testing.T, fx *storetest.Fixture) map[string]bool {
	t.Helper()
	items, err := retention.List(context.Background(), fx.Keep, retention.RetentionFilter{Expired: true})
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
	fx := storetest.New(t)
	fx.Clock.T = storetest.Date(2024, 2, 29)
	rec := storetest.ImportAs(t, fx.St, "recorded on leap day", "LEAP.MP4", "1001").ID

	want := func(until time.Time, forever, expired bool, holds int) {
		t.Helper()
		it := retentionOf(t, fx, rec)
		if !it.Until.Equal(until) || it.Forever != forever || it.Expired != expired || len(it.Holds) != holds {
			t.Fatalf("at %s: until %v forever %v expired %v holds %v; want %v %v %v %d holds",
				fx.Clock.T.Format(time.DateOnly), it.Until, it.Forever, it.Expired, it.Holds, until, forever, expired, holds)
		}
		if got := expiredIDs(t, fx)[rec]; got != expired {
			t.Fatalf("in the expired list: %v, want %v", got, expired)
		}
	}
	fx.Clock.T = storetest.Date(2025, 2, 28)
	want(storetest.Date(2025, 3, 1), false, false, 0)
	fx.Clock.T = storetest.Date(2025, 3, 1)
	want(storetest.Date(2025, 3, 1), false, true, 0)

	// An open case holds for good; closed, for its years after closing.
	if err := retention.AddCase(ctx, fx.Keep, retention.Case{Number: "A-1", Name: "无证经营", Type: "行政处罚", Retention: retention.Retention{Years: 3}}); err != nil {
		t.Fatal(err)
	}
	if err := retention.Link(ctx, fx.Keep, "A-1", []string{rec}); err != nil {
		t.Fatal(err)
	}
	want(time.Time{}, true, false, 1)
	fx.Clock.T = storetest.Date(2025, 6, 1)
	if err := retention.CloseCase(ctx, fx.Keep, "A-1", "decided"); err != nil {
		t.Fatal(err)
	}
	want(storetest.Date(2028, 6, 1), false, false, 1)

	// A second case with a longer retention: the longest hold wins.
	if err := retention.AddCase(ctx, fx.Keep, retention.Case{Number: "B-2", Name: "投诉", Retention: retention.Retention{Years: 5}}); err != nil {
		t.Fatal(err)
	}
	retention.Link(ctx, fx.Keep, "B-2", []string{rec})
	retention.CloseCase(ctx, fx.Keep, "B-2", "")
	want(storetest.Date(2030, 6, 1), false, false, 2)

	// The first case made permanent: held for good.
	if err := retention.SetCaseRetention(ctx, fx.Keep, "A-1", retention.Retention{Permanent: true}, "court order"); err != nil {
		t.Fatal(err)
	}
	want(time.Time{}, true, false, 2)

	// Its hold released: the other one is left.
	if err := retention.Unlink(ctx, fx.Keep, "A-1", []string{rec}, "linked by mistake"); err != nil {
		t.Fatal(err)
	}
	want(storetest.Date(2030, 6, 1), false, false, 1)

	// Both released, and time passes: the base date counts again.
	if err := retention.Unlink(ctx, fx.Keep, "B-2", []string{rec}, "case withdrawn"); err != nil {
		t.Fatal(err)
	}
	want(storetest.Date(2025, 3, 1), false, true, 0)

	// A longer base retention; never below one year.
	if err := retention.SetRetentionYears(ctx, fx.Root, 3, "bureau decision"); err != nil {
		t.Fatal(err)
	}
	want(storetest.Date(2027, 3, 1), false, false, 0)
	if err := retention.SetRetentionYears(ctx, fx.Root, 0, "too short"); err == nil {
		t.Fatal("retention of 0 years accepted")
	}
	if err := retention.SetRetentionYears(ctx, fx.Keep, 5, "not mine"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("custodian sets the policy: %v", err)
	}
}

func TestCaseRules(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	for _, c := range []retention.Case{{Number: "", Name: "x", Retention: retention.Retention{Years: 1}}, {Number: "C", Name: "x"},
		{Number: "C", Name: "x", Retention: retention.Retention{Years: -2}}} {
		if err := retention.AddCase(ctx, fx.Keep, c); err == nil {
			t.Errorf("case %+v accepted", c)
		}
	}
	if err := retention.AddCase(ctx, fx.Keep, retention.Case{Number: "C", Name: "x", Retention: retention.Retention{Years: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := retention.AddCase(ctx, fx.Keep, retention.Case{Number: "C", Name: "y", Retention: retention.Retention{Years: 1}}); !errors.Is(err, retention.ErrExists) {
		t.Fatalf("second case C: %v", err)
	}
	if err := retention.Link(ctx, fx.Keep, "C", []string{"no-such"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("link unknown recording: %v", err)
	}
	if err := retention.Link(ctx, fx.Keep, "nope", []string{fx.Rec.ID}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("link to unknown case: %v", err)
	}
	if err := retention.Unlink(ctx, fx.Keep, "C", []string{fx.Rec.ID}, ""); err == nil {
		t.Fatal("unlink without a reason")
	}
	if err := retention.Link(ctx, fx.O2, "C", []string{fx.Rec.ID}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("officer links: %v", err)
	}
	retention.Link(ctx, fx.Keep, "C", []string{fx.Rec.ID})
	c, err := retention.CaseByNumber(ctx, fx.O2, "C")
	if err != nil || len(c.Recordings) != 1 || !c.Open() {
		t.Fatalf("case C: %+v %v", c, err)
	}
	if err := retention.CloseCase(ctx, fx.Keep, "C", ""); err != nil {
		t.Fatal(err)
	}
	if err := retention.CloseCase(ctx, fx.Keep, "C", ""); err == nil {
		t.Fatal("closed twice")
	}
}
