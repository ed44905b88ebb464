package store

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// request → approval → play → register → expiry, with the refusals on the way.
func TestViewingRequestPath(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	off := fx.as[RoleOfficer]
	req, err := off.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeCase, Reason: "案件 2025-17"})
	if err != nil {
		t.Fatal(err)
	}
	if req.Status != Pending || req.Requester != "r_officer" || !slices.Equal(req.Recordings, []string{fx.rec.ID}) {
		t.Fatalf("request %+v", req)
	}
	if _, _, err := off.Play(ctx, fx.rec.ID, req.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("play of a pending request: %v", err)
	}

	// Nobody approves their own request.
	own, err := fx.law.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeReview, Reason: "review"})
	if err != nil {
		t.Fatal(err)
	}
	before := ledgerSize(t, fx.st)
	if _, err := fx.law.Decide(ctx, own.ID, Decision{Approve: true}); !errors.Is(err, ErrRefused) {
		t.Fatalf("self-approval: %v", err)
	}
	if d, ok := refusal(entriesSince(t, fx.st, before), "user:lawyer", "request.decide"); !ok || d["reason"] != "own request" {
		t.Fatalf("self-approval refusal entry: %v %v", d, ok)
	}

	req, err = fx.boss.Decide(ctx, req.ID, Decision{Approve: true, Note: "同意"})
	if err != nil {
		t.Fatal(err)
	}
	if req.Status != Approved || req.DecidedBy != "boss" || req.DecidedAs != RoleLeader || !req.ExpiresAt.Equal(fx.clock.t.Add(DefaultGrant)) {
		t.Fatalf("approved request %+v", req)
	}
	if _, err := fx.law.Decide(ctx, req.ID, Decision{}); !errors.Is(err, ErrDecided) {
		t.Fatalf("second decision: %v", err)
	}

	// Not before the custodian has registered the viewing (Art. 16-17).
	before = ledgerSize(t, fx.st)
	if _, _, err := off.Play(ctx, fx.rec.ID, 0); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "查阅登记") {
		t.Fatalf("play before the viewing was registered: %v", err)
	}
	if _, ok := refusal(entriesSince(t, fx.st, before), "user:"+off.Actor().Name, "recording.play"); !ok {
		t.Fatal("the refused play is not in the ledger")
	}
	fx.registered(t, req, fx.rec.ID)
	// The requester plays it; another officer may not use it.
	path, cleanup, err := off.Play(ctx, fx.rec.ID, 0)
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
	if _, _, err := fx.o2.Play(ctx, fx.rec.ID, req.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("play of someone else's request: %v", err)
	}
	if _, err := fx.keep.RegisterViewing(ctx, ViewingEntry{RequestID: req.ID, RecordingID: fx.rec.ID, Viewer: "当事人律师"}); err != nil {
		t.Fatal(err)
	}
	reg, err := fx.keep.Register(ctx, RegisterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg) != 3 || reg[0].Viewer != "r_officer" || reg[0].Kind != "registered" || reg[1].Kind != "play" || reg[1].ApprovedBy != "boss" ||
		reg[1].Reason != "案件 2025-17" || reg[2].Viewer != "当事人律师" || reg[2].RegisteredBy != "user:keeper" {
		t.Fatalf("register %+v", reg)
	}

	// After seven days the approval is spent.
	fx.clock.advance(DefaultGrant)
	before = ledgerSize(t, fx.st)
	if _, _, err := off.Play(ctx, fx.rec.ID, req.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("play after expiry: %v", err)
	}
	if d, ok := refusal(entriesSince(t, fx.st, before), "user:r_officer", "recording.play"); !ok || !strings.Contains(d["reason"].(string), "expired") {
		t.Fatalf("expiry refusal: %v", d)
	}
	if _, err := fx.keep.RegisterViewing(ctx, ViewingEntry{RequestID: req.ID, RecordingID: fx.rec.ID, Viewer: "x"}); !errors.Is(err, ErrRefused) {
		t.Fatalf("register after expiry: %v", err)
	}
	mine, err := off.Requests(ctx, RequestFilter{Mine: true})
	if err != nil || len(mine) != 1 || mine[0].Status != Expired {
		t.Fatalf("my requests %+v %v", mine, err)
	}
	if reg, _ := fx.keep.Register(ctx, RegisterFilter{}); len(reg) != 3 {
		t.Fatalf("register grew after refusals: %d", len(reg))
	}
}

func TestRefusedRequestCannotBePlayed(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	off := fx.as[RoleOfficer]
	req, err := off.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeCase, Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if req, err = fx.law.Decide(ctx, req.ID, Decision{Approve: false, Note: "no case number"}); err != nil || req.Status != Refused {
		t.Fatalf("refuse: %+v %v", req, err)
	}
	for _, id := range []int64{req.ID, 0, 999} {
		if _, _, err := off.Play(ctx, fx.rec.ID, id); !errors.Is(err, ErrRefused) {
			t.Errorf("play under request %d: %v", id, err)
		}
	}
	// Officers and supervisors see their own requests only.
	if got, _ := fx.o2.Requests(ctx, RequestFilter{}); len(got) != 0 {
		t.Errorf("o2 sees %d requests of others", len(got))
	}
	if got, _ := fx.keep.Requests(ctx, RequestFilter{}); len(got) != 1 {
		t.Errorf("custodian sees %d requests, want 1", len(got))
	}
}

// A classified recording's viewing needs a leader's approval, also when it
// was classified after the approval.
func TestClassifiedNeedsLeaderApproval(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	off := fx.as[RoleOfficer]
	secret := importAs(t, fx.st, "state secret", "S.MP4", "1001")
	if err := fx.keep.Classify(ctx, secret.ID, State, "涉及国家秘密"); err != nil {
		t.Fatal(err)
	}
	req, err := off.RequestView(ctx, ViewRequest{Recordings: []string{secret.ID}, Purpose: PurposeCase, Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	before := ledgerSize(t, fx.st)
	if _, err := fx.law.Decide(ctx, req.ID, Decision{Approve: true}); !errors.Is(err, ErrRefused) {
		t.Fatalf("legal office approved a state secret: %v", err)
	}
	if _, ok := refusal(entriesSince(t, fx.st, before), "user:lawyer", "request.decide"); !ok {
		t.Fatal("no refusal entry")
	}
	if _, err := fx.boss.Decide(ctx, req.ID, Decision{Approve: true}); err != nil {
		t.Fatal(err)
	}
	fx.registered(t, req, secret.ID)
	if _, cleanup, err := off.Play(ctx, secret.ID, req.ID); err != nil {
		t.Fatal(err)
	} else {
		cleanup()
	}
	// The custodian can no longer change it; the leader can.
	if err := fx.keep.Classify(ctx, secret.ID, Normal, "mistake"); !errors.Is(err, ErrRefused) {
		t.Fatalf("custodian declassified a state secret: %v", err)
	}

	// Approved by the legal office while normal, then classified: no play.
	legal := fx.approved(t, off, fx.law, PurposeCase, fx.rec.ID)
	if err := fx.boss.Classify(ctx, fx.rec.ID, Commercial, "商业秘密"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := off.Play(ctx, fx.rec.ID, legal.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("play of a now-classified recording under a legal approval: %v", err)
	}
}

// Search shows each role what its clearance allows, and nothing more.
func TestClassifiedHiddenFromSearch(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	a := fx.rec // normal, officer 1001
	b := importAs(t, fx.st, "b", "B.MP4", "1001")
	c := importAs(t, fx.st, "c", "C.MP4", "1002")
	d := importAs(t, fx.st, "d", "D.MP4", "1002")
	e := importAs(t, fx.st, "e", "E.MP4", "1002")
	for rec, level := range map[string]Classification{b.ID: Privacy, c.ID: Commercial, d.ID: State} {
		if err := fx.boss.Classify(ctx, rec, level, "test"); err != nil {
			t.Fatal(err)
		}
	}
	all := []string{a.ID, b.ID, c.ID, d.ID, e.ID}
	want := map[Role][]string{
		RoleOfficer:     {a.ID, b.ID},
		RoleCustodian:   {a.ID, b.ID, c.ID, e.ID},
		RoleLegal:       {a.ID, b.ID, c.ID, e.ID},
		RoleLeader:      all,
		RoleWorkstation: all,
		RoleService:     all, // it docks, and sees what it docked
		RoleSupervisor:  {a.ID, e.ID},
		RoleAdmin:       {a.ID, e.ID},
	}
	for _, role := range allRoles {
		recs, err := fx.as[role].Recordings(ctx, RecordingFilter{})
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
	both := fx.addUser(t, "both", "", RoleOfficer, RoleSupervisor)
	if recs, _ := both.Recordings(ctx, RecordingFilter{}); len(recs) != 2 {
		t.Errorf("officer+supervisor without number sees %d, want the 2 normal", len(recs))
	}
	counts, err := fx.as[RoleSupervisor].ClassifiedCounts(ctx)
	if err != nil || counts[State] != 1 || counts[Normal] != 2 {
		t.Fatalf("counts %v %v", counts, err)
	}
}

func TestApprovedExtraction(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	view := fx.approved(t, fx.o2, fx.law, PurposeCase, fx.rec.ID)
	if _, err := fx.keep.ApprovedExtraction(ctx, view.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("extraction under a case-work approval: %v", err)
	}
	ext := fx.approved(t, fx.o2, fx.law, PurposeExtraction, fx.rec.ID)
	if r, err := fx.keep.ApprovedExtraction(ctx, ext.ID); err != nil || r.ID != ext.ID {
		t.Fatalf("extraction: %+v %v", r, err)
	}
	fx.clock.advance(DefaultGrant + time.Second)
	if _, err := fx.keep.ApprovedExtraction(ctx, ext.ID); !errors.Is(err, ErrRefused) {
		t.Fatalf("expired extraction: %v", err)
	}
}
