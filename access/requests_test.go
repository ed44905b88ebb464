package access_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/internal/storetest"
	"evidock/records"
	"evidock/store"
)

// request → approval → play → register → expiry, with the refusals on the way.
func TestViewingRequestPath(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	off := fx.As[store.RoleOfficer]
	req, err := access.RequestView(ctx, off, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeCase, Reason: "案件 2025-17"})
	if err != nil {
		t.Fatal(err)
	}
	if req.Status != access.Pending || req.Requester != "r_officer" || !slices.Equal(req.Recordings, []string{fx.Rec.ID}) {
		t.Fatalf("request %+v", req)
	}
	if _, _, err := access.Play(ctx, off, fx.Rec.ID, req.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("play of a pending request: %v", err)
	}

	// Nobody approves their own request.
	own, err := access.RequestView(ctx, fx.Law, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeReview, Reason: "review"})
	if err != nil {
		t.Fatal(err)
	}
	before := storetest.LedgerSize(t, fx.St)
	if _, err := access.Decide(ctx, fx.Law, own.ID, access.Decision{Approve: true}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("self-approval: %v", err)
	}
	if d, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), "user:lawyer", "request.decide"); !ok || d["reason"] != "own request" {
		t.Fatalf("self-approval refusal entry: %v %v", d, ok)
	}

	req, err = access.Decide(ctx, fx.Boss, req.ID, access.Decision{Approve: true, Note: "同意"})
	if err != nil {
		t.Fatal(err)
	}
	if req.Status != access.Approved || req.DecidedBy != "boss" || req.DecidedAs != store.RoleLeader || !req.ExpiresAt.Equal(fx.Clock.T.Add(access.DefaultGrant)) {
		t.Fatalf("approved request %+v", req)
	}
	if _, err := access.Decide(ctx, fx.Law, req.ID, access.Decision{}); !errors.Is(err, access.ErrDecided) {
		t.Fatalf("second decision: %v", err)
	}

	// Not before the custodian has registered the viewing (Art. 16-17).
	before = storetest.LedgerSize(t, fx.St)
	if _, _, err := access.Play(ctx, off, fx.Rec.ID, 0); !errors.Is(err, store.ErrRefused) || !strings.Contains(err.Error(), "查阅登记") {
		t.Fatalf("play before the viewing was registered: %v", err)
	}
	if _, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), "user:"+off.Actor().Name, "recording.play"); !ok {
		t.Fatal("the refused play is not in the ledger")
	}
	fx.Registered(t, req, fx.Rec.ID)
	// The requester plays it; another officer may not use it.
	path, cleanup, err := access.Play(ctx, off, fx.Rec.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "recording of 1001" || !strings.HasSuffix(path, ".MP4") {
		t.Fatalf("play copy %s: %q %v", path, b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm()&0o222 != 0 {
		t.Fatalf("play copy is writable: %v", fi.Mode())
	}
	cleanup()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("copy not removed: %v", err)
	}
	if _, _, err := access.Play(ctx, fx.O2, fx.Rec.ID, req.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("play of someone else's request: %v", err)
	}
	if _, err := access.RegisterViewing(ctx, fx.Keep, access.ViewingEntry{RequestID: req.ID, RecordingID: fx.Rec.ID, Viewer: "当事人律师"}); err != nil {
		t.Fatal(err)
	}
	reg, err := access.Register(ctx, fx.Keep, access.RegisterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg) != 3 || reg[0].Viewer != "r_officer" || reg[0].Kind != "registered" || reg[1].Kind != "play" || reg[1].ApprovedBy != "boss" ||
		reg[1].Reason != "案件 2025-17" || reg[2].Viewer != "当事人律师" || reg[2].RegisteredBy != "user:keeper" {
		t.Fatalf("register %+v", reg)
	}

	// After seven days the approval is spent.
	fx.Clock.Advance(access.DefaultGrant)
	before = storetest.LedgerSize(t, fx.St)
	if _, _, err := access.Play(ctx, off, fx.Rec.ID, req.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("play after expiry: %v", err)
	}
	if d, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), "user:r_officer", "recording.play"); !ok || !strings.Contains(d["reason"].(string), "expired") {
		t.Fatalf("expiry refusal: %v", d)
	}
	if _, err := access.RegisterViewing(ctx, fx.Keep, access.ViewingEntry{RequestID: req.ID, RecordingID: fx.Rec.ID, Viewer: "x"}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("register after expiry: %v", err)
	}
	mine, err := access.Requests(ctx, off, access.RequestFilter{Mine: true})
	if err != nil || len(mine) != 1 || mine[0].Status != access.Expired {
		t.Fatalf("my requests %+v %v", mine, err)
	}
	if reg, _ := access.Register(ctx, fx.Keep, access.RegisterFilter{}); len(reg) != 3 {
		t.Fatalf("register grew after refusals: %d", len(reg))
	}
}

func TestRefusedRequestCannotBePlayed(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	off := fx.As[store.RoleOfficer]
	req, err := access.RequestView(ctx, off, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeCase, Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if req, err = access.Decide(ctx, fx.Law, req.ID, access.Decision{Approve: false, Note: "no case number"}); err != nil || req.Status != access.Refused {
		t.Fatalf("refuse: %+v %v", req, err)
	}
	for _, id := range []int64{req.ID, 0, 999} {
		if _, _, err := access.Play(ctx, off, fx.Rec.ID, id); !errors.Is(err, store.ErrRefused) {
			t.Errorf("play under request %d: %v", id, err)
		}
	}
	// Officers and supervisors see their own requests only.
	if got, _ := access.Requests(ctx, fx.O2, access.RequestFilter{}); len(got) != 0 {
		t.Errorf("o2 sees %d requests of others", len(got))
	}
	if got, _ := access.Requests(ctx, fx.Keep, access.RequestFilter{}); len(got) != 1 {
		t.Errorf("custodian sees %d requests, want 1", len(got))
	}
}

// A classified recording's viewing needs a leader's approval, also when it
// was classified after the approval.
func TestClassifiedNeedsLeaderApproval(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	off := fx.As[store.RoleOfficer]
	secret := storetest.ImportAs(t, fx.St, "state secret", "S.MP4", "1001")
	if err := fx.Keep.Classify(ctx, secret.ID, store.State, "涉及国家秘密"); err != nil {
		t.Fatal(err)
	}
	req, err := access.RequestView(ctx, off, access.ViewRequest{Recordings: []string{secret.ID}, Purpose: access.PurposeCase, Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	before := storetest.LedgerSize(t, fx.St)
	if _, err := access.Decide(ctx, fx.Law, req.ID, access.Decision{Approve: true}); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("legal office approved a state secret: %v", err)
	}
	if _, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), "user:lawyer", "request.decide"); !ok {
		t.Fatal("no refusal entry")
	}
	if _, err := access.Decide(ctx, fx.Boss, req.ID, access.Decision{Approve: true}); err != nil {
		t.Fatal(err)
	}
	fx.Registered(t, req, secret.ID)
	if _, cleanup, err := access.Play(ctx, off, secret.ID, req.ID); err != nil {
		t.Fatal(err)
	} else {
		cleanup()
	}
	// The custodian can no longer change it; the leader can.
	if err := fx.Keep.Classify(ctx, secret.ID, store.Normal, "mistake"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("custodian declassified a state secret: %v", err)
	}

	// Approved by the legal office while normal, then classified: no play.
	legal := fx.Approved(t, off, fx.Law, access.PurposeCase, fx.Rec.ID)
	if err := fx.Boss.Classify(ctx, fx.Rec.ID, store.Commercial, "商业秘密"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := access.Play(ctx, off, fx.Rec.ID, legal.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("play of a now-classified recording under a legal approval: %v", err)
	}
}

// Search shows each role what its clearance allows, and nothing more.
func TestClassifiedHiddenFromSearch(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	a := fx.Rec // normal, officer 1001
	b := storetest.ImportAs(t, fx.St, "b", "B.MP4", "1001")
	c := storetest.ImportAs(t, fx.St, "c", "C.MP4", "1002")
	d := storetest.ImportAs(t, fx.St, "d", "D.MP4", "1002")
	e := storetest.ImportAs(t, fx.St, "e", "E.MP4", "1002")
	for rec, level := range map[string]store.Classification{b.ID: store.Privacy, c.ID: store.Commercial, d.ID: store.State} {
		if err := fx.Boss.Classify(ctx, rec, level, "test"); err != nil {
			t.Fatal(err)
		}
	}
	all := []string{a.ID, b.ID, c.ID, d.ID, e.ID}
	want := map[store.Role][]string{
		store.RoleOfficer:     {a.ID, b.ID},
		store.RoleCustodian:   {a.ID, b.ID, c.ID, e.ID},
		store.RoleLegal:       {a.ID, b.ID, c.ID, e.ID},
		store.RoleLeader:      all,
		store.RoleWorkstation: all,
		store.RoleService:     all, // it docks, and sees what it docked
		store.RoleSupervisor:  {a.ID, e.ID},
		store.RoleAdmin:       {a.ID, e.ID},
	}
	for _, role := range storetest.AllRoles {
		recs, err := records.Recordings(ctx, fx.As[role], records.RecordingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.ID)
		}
		slices.Sort(got)
		w := slices.Clone(want[role])
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s sees %d recordings, want %d", role, len(got), len(w))
		}
	}
	// An officer with no officer number sees nothing; a second role adds.
	both := fx.AddUser(t, "both", "", store.RoleOfficer, store.RoleSupervisor)
	if recs, _ := records.Recordings(ctx, both, records.RecordingFilter{}); len(recs) != 2 {
		t.Errorf("officer+supervisor without number sees %d, want the 2 normal", len(recs))
	}
	counts, err := fx.As[store.RoleSupervisor].ClassifiedCounts(ctx)
	if err != nil || counts[store.State] != 1 || counts[store.Normal] != 2 {
		t.Fatalf("counts %v %v", counts, err)
	}
}

func TestApprovedExtraction(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	view := fx.Approved(t, fx.O2, fx.Law, access.PurposeCase, fx.Rec.ID)
	if _, err := access.ApprovedExtraction(ctx, fx.Keep, view.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("extraction under a case-work approval: %v", err)
	}
	ext := fx.Approved(t, fx.O2, fx.Law, access.PurposeExtraction, fx.Rec.ID)
	if r, err := access.ApprovedExtraction(ctx, fx.Keep, ext.ID); err != nil || r.ID != ext.ID {
		t.Fatalf("extraction: %+v %v", r, err)
	}
	fx.Clock.Advance(access.DefaultGrant + time.Second)
	if _, err := access.ApprovedExtraction(ctx, fx.Keep, ext.ID); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("expired extraction: %v", err)
	}
}
