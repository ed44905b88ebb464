package followups_test

import (
	"context"
	"testing"
	"time"

	"evidock/access"
	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/safekeeping"
	"evidock/store"
)

// The count of what waits for a person is what they could decide now: the
// legal office does not see a classified request (a leader's), nobody sees
// their own, an officer sees nothing.
func TestWaitingCountsWhatTheActorMayDecide(t *testing.T) {
	fx := storetest.New(t)
	ctx := context.Background()
	secret := storetest.ImportAs(t, fx.St, "a commercial secret", "B.MP4", "1001")
	if err := fx.Boss.Classify(ctx, secret.ID, store.Commercial, "经营者商业秘密"); err != nil {
		t.Fatal(err)
	}
	off := fx.As[store.RoleOfficer]
	for _, recs := range [][]string{{fx.Rec.ID}, {secret.ID}} {
		if _, err := access.RequestView(ctx, off, access.ViewRequest{Recordings: recs, Purpose: access.PurposeReview, Reason: "复核"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := access.RequestView(ctx, fx.Law, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeReview, Reason: "own"}); err != nil {
		t.Fatal(err)
	}
	if _, err := followups.FileNotRecorded(ctx, off, followups.NotRecorded{Day: "2025-03-01", Place: "某网吧", Category: "inspection",
		Reason: "emergency", Basis: "第七条", Text: "紧急"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who  *store.Session
		want followups.Waiting
	}{
		{fx.Law, followups.Waiting{Requests: 1}},                  // not the classified one, not its own
		{fx.Boss, followups.Waiting{Requests: 3, NotRecorded: 1}}, // every request; the work record
		{off, followups.Waiting{}},                                // an officer decides nothing
		{fx.Keep, followups.Waiting{}},                            // nor does the custodian
	} {
		got, err := followups.WaitingFor(ctx, tc.who)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.who.Actor().Name, got, tc.want)
		}
	}
	// Once decided, a request no longer waits.
	reqs, err := access.Requests(ctx, fx.Law, access.RequestFilter{Pending: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reqs {
		if r.Requester != fx.Law.Actor().Name && r.Recordings[0] == fx.Rec.ID {
			if _, err := access.Decide(ctx, fx.Law, r.ID, access.Decision{Approve: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, _ := followups.WaitingFor(ctx, fx.Law); got.Total() != 0 {
		t.Errorf("after deciding: %+v", got)
	}
}

// Names come for logins in both forms the records write them, and for
// officer numbers.
func TestPeopleNameLoginsAndOfficers(t *testing.T) {
	fx := storetest.New(t)
	ctx := context.Background()
	if err := fx.Root.AddOfficer(ctx, store.Officer{Number: "1002", Name: "李娜", Unit: "一中队"}); err != nil {
		t.Fatal(err)
	}
	p, err := fx.As[store.RoleOfficer].People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := p.UserOf("user:o2")
	if !ok || u.OfficerID != "1002" || u.OfficerName != "李娜" {
		t.Fatalf("user:o2 is %+v (%v)", u, ok)
	}
	if r, ok := p.UserOf("root"); !ok || r.Display != "管理员" {
		t.Fatalf("root is %+v (%v)", r, ok)
	}
	if _, ok := p.UserOf("workstation"); ok {
		t.Fatal("the workstation is taken for a person")
	}
	if p.Officers["1002"].Name != "李娜" {
		t.Fatalf("officer 1002: %+v", p.Officers["1002"])
	}
}

// The forecast of the days left is told only after a week of imports.
func TestSpaceRateKnownAfterAWeek(t *testing.T) {
	one := safekeeping.Forecast("/data", 100<<30, 200<<30, 5<<20, 24*time.Hour)
	if one.RateKnown() {
		t.Fatalf("one day of imports: rate known (%.0f days left)", one.DaysLeft)
	}
	week := safekeeping.Forecast("/data", 100<<30, 200<<30, 70<<30, 7*24*time.Hour)
	if !week.RateKnown() || week.DaysLeft < 9 || week.DaysLeft > 11 {
		t.Fatalf("a week of 10 GiB a day: %+v", week)
	}
	if none := safekeeping.Forecast("/data", 100<<30, 200<<30, 0, 30*24*time.Hour); none.RateKnown() {
		t.Fatal("no imports: rate known")
	}
}
