package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestPurgeNeedsApproval(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	old := expiredRecording(t, fx, "an expired recording")
	kept := expiredRecording(t, fx, "an expired recording held by a case")
	fx.keep.AddCase(ctx, Case{Number: "K", Name: "kept", Retention: Retention{Years: 1}})
	fx.keep.Link(ctx, "K", []string{kept.ID})

	// What is not expired, or is held, cannot even be asked for.
	for _, rec := range []string{fx.rec.ID, kept.ID} {
		before := ledgerSize(t, fx.st)
		if _, err := fx.keep.RequestPurge(ctx, []string{old.ID, rec}, "expired"); !errors.Is(err, ErrRefused) {
			t.Fatalf("purge of %s: %v", rec, err)
		}
		if d, ok := refusal(entriesSince(t, fx.st, before), "user:keeper", "purge.request"); !ok || !strings.Contains(d["reason"].(string), rec) {
			t.Fatalf("refusal of %s not in the ledger: %v", rec, d)
		}
	}
	if _, err := fx.keep.RequestPurge(ctx, []string{old.ID}, ""); err == nil {
		t.Fatal("purge request without a reason")
	}
	if _, err := fx.o2.RequestPurge(ctx, []string{old.ID}, "mine"); !errors.Is(err, ErrRefused) {
		t.Fatalf("officer asks to purge: %v", err)
	}

	r, err := fx.keep.RequestPurge(ctx, []string{old.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.keep.RequestPurge(ctx, []string{old.ID}, "again"); !errors.Is(err, ErrRefused) {
		t.Fatalf("second request for the same recording: %v", err)
	}
	// Without a leader's approval nothing leaves the archive.
	for _, sess := range []*Session{fx.keep, fx.law, fx.root, fx.as[RoleWorkstation]} {
		before := ledgerSize(t, fx.st)
		if _, err := sess.DecidePurge(ctx, r.ID, true, "ok"); !errors.Is(err, ErrRefused) {
			t.Fatalf("%s approves a purge: %v", sess.actor.Name, err)
		}
		if _, ok := refusal(entriesSince(t, fx.st, before), sess.actor.ledgerName(), "purge.decide"); !ok {
			t.Fatalf("%s: refusal not in the ledger", sess.actor.Name)
		}
	}
	if _, err := os.Stat(fx.st.archive.Path(old.SHA256)); err != nil {
		t.Fatalf("file gone without approval: %v", err)
	}

	// A leader approves: tombstone, file gone, verify passes.
	fx.clock.advance(1000)
	done, err := fx.boss.DecidePurge(ctx, r.ID, true, "approved")
	if err != nil || done.Status != Approved || done.DecidedBy != "boss" {
		t.Fatalf("approve: %+v %v", done, err)
	}
	if _, err := os.Stat(fx.st.archive.Path(old.SHA256)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file still there: %v", err)
	}
	ts, err := fx.o2.Tombstones(ctx, []string{old.ID, fx.rec.ID})
	if err != nil || len(ts) != 1 {
		t.Fatalf("tombstones: %v %v", ts, err)
	}
	tb := ts[0]
	if tb.SHA256 != old.SHA256 || tb.SM3 != old.SM3 || tb.Size != old.Size || tb.RequestedBy != "keeper" ||
		tb.ApprovedBy != "boss" || tb.Reason != "retention ended" || !tb.PurgedAt.Equal(fx.clock.t.Truncate(1e6)) || !tb.Removed {
		t.Fatalf("tombstone: %+v", tb)
	}
	es, _ := fx.st.queryLedger(ctx, LedgerFilter{Subject: old.ID, ActionPrefix: "recording.purge"})
	if len(es) != 1 || es[0].Seq != tb.LedgerSeq {
		t.Fatalf("purge entry: %v", es)
	}
	if p := verifyProblems(t, fx.st); len(p) != 0 {
		t.Fatalf("verify after purge: %v", p)
	}
	if expiredIDs(t, fx)[old.ID] {
		t.Fatal("purged recording still listed as expired")
	}
	if it := retentionOf(t, fx, old.ID); !it.Purged {
		t.Fatalf("retention of the purged: %+v", it)
	}
	if err := fx.keep.Link(ctx, "K", []string{old.ID}); !errors.Is(err, ErrPurged) {
		t.Fatalf("link a purged recording: %v", err)
	}
	if _, err := fx.keep.RequestPurge(ctx, []string{old.ID}, "again"); !errors.Is(err, ErrRefused) {
		t.Fatalf("purge twice: %v", err)
	}
	if _, err := fx.boss.DecidePurge(ctx, r.ID, true, ""); !errors.Is(err, ErrDecided) {
		t.Fatalf("approve twice: %v", err)
	}

	// A file removed outside the program is still found missing.
	os.Chmod(fx.st.archive.Path(fx.rec.SHA256), 0o644)
	os.Remove(fx.st.archive.Path(fx.rec.SHA256))
	if p := verifyProblems(t, fx.st); len(p) != 1 || !strings.Contains(p[0].What, "missing") {
		t.Fatalf("verify after a removal outside: %v", p)
	}
}

func TestPurgeRechecksAtApproval(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	old := expiredRecording(t, fx, "expired, then linked")
	r, err := fx.keep.RequestPurge(ctx, []string{old.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	fx.keep.AddCase(ctx, Case{Number: "L", Name: "late evidence", Retention: Retention{Years: 2}})
	fx.keep.Link(ctx, "L", []string{old.ID})
	if _, err := fx.boss.DecidePurge(ctx, r.ID, true, ""); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "case L") {
		t.Fatalf("approve a held recording: %v", err)
	}
	if _, err := os.Stat(fx.st.archive.Path(old.SHA256)); err != nil {
		t.Fatalf("held file purged: %v", err)
	}
	rs, _ := fx.boss.PurgeRequests(ctx, true)
	if len(rs) != 1 || rs[0].Status != Pending {
		t.Fatalf("pending requests: %v", rs)
	}
	if got, err := fx.boss.DecidePurge(ctx, r.ID, false, "held"); err != nil || got.Status != Refused {
		t.Fatalf("refuse: %+v %v", got, err)
	}

	// Nobody approves their own request.
	both := fx.addUser(t, "both", "", RoleCustodian, RoleLeader)
	old2 := expiredRecording(t, fx, "another expired one")
	r2, err := both.RequestPurge(ctx, []string{old2.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := both.DecidePurge(ctx, r2.ID, true, ""); !errors.Is(err, ErrRefused) {
		t.Fatalf("own purge approved: %v", err)
	}
}

func TestForgedTombstoneDoesNotExcuseAMissingFile(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	db := rawDB(t, fx.st)
	if _, err := db.Exec(`INSERT INTO purge_requests(requester, reason, status, created_at) VALUES ('x','x','approved',0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO tombstones(recording_id, sha256, sm3, size, request_id, requested_by, approved_by, reason, purged_at, ledger_seq, removed)
		VALUES (?,?,?,?,1,'x','x','x',0,0,1)`, fx.rec.ID, fx.rec.SHA256, fx.rec.SM3, fx.rec.Size); err != nil {
		t.Fatal(err)
	}
	os.Chmod(fx.st.archive.Path(fx.rec.SHA256), 0o644)
	os.Remove(fx.st.archive.Path(fx.rec.SHA256))
	p := verifyProblems(t, fx.st)
	if len(p) != 1 || !strings.Contains(p[0].What, "tombstone") {
		t.Fatalf("verify with a forged tombstone: %v", p)
	}
	_ = ctx
}

// The process dies after the approval's commit, before the file is gone:
// the tombstone stands, verify passes, and the next purge-aware step
// removes the file.
func TestPurgeFinishesAfterACrash(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	old := expiredRecording(t, fx, "expired, removal interrupted")
	r, _ := fx.keep.RequestPurge(ctx, []string{old.ID}, "retention ended")
	if _, err := fx.boss.DecidePurge(ctx, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	// Put the file back and mark its removal undone, as a crash would leave it.
	path := fx.st.archive.Path(old.SHA256)
	os.WriteFile(path, []byte("expired, removal interrupted"), 0o444)
	rawDB(t, fx.st).Exec(`UPDATE tombstones SET removed = 0`)
	if p := verifyProblems(t, fx.st); len(p) != 0 {
		t.Fatalf("verify: %v", p)
	}
	if _, err := fx.keep.RunCheck(ctx, CheckOptions{Rate: -1}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("file left after the check: %v", err)
	}
}
