package retention_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"evidock/access"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

func TestPurgeNeedsApproval(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	old := storetest.ExpiredRecording(t, fx, "an expired recording")
	kept := storetest.ExpiredRecording(t, fx, "an expired recording held by a case")
	retention.AddCase(ctx, fx.Keep, retention.Case{Number: "K", Name: "kept", Retention: retention.Retention{Years: 1}})
	retention.Link(ctx, fx.Keep, "K", []string{kept.ID})

	// What is not expired, or is held, cannot even be asked for.
	for _, rec := range []string{fx.Rec.ID, kept.ID} {
		before := storetest.LedgerSize(t, fx.St)
		if _, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID, rec}, "expired"); !errors.Is(err, store.ErrRefused) {
			t.Fatalf("purge of %s: %v", rec, err)
		}
		if d, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), "user:keeper", "purge.request"); !ok || !strings.Contains(d["reason"].(string), rec) {
			t.Fatalf("refusal of %s not in the ledger: %v", rec, d)
		}
	}
	if _, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, ""); err == nil {
		t.Fatal("purge request without a reason")
	}
	if _, err := retention.RequestPurge(ctx, fx.O2, []string{old.ID}, "mine"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("officer asks to purge: %v", err)
	}

	r, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "again"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("second request for the same recording: %v", err)
	}
	// Without a leader's approval nothing leaves the archive.
	for _, sess := range []*store.Session{fx.Keep, fx.Law, fx.Root, fx.As[store.RoleWorkstation]} {
		before := storetest.LedgerSize(t, fx.St)
		if _, err := retention.DecidePurge(ctx, sess, r.ID, true, "ok"); !errors.Is(err, store.ErrRefused) {
			t.Fatalf("%s approves a purge: %v", sess.Actor().Name, err)
		}
		if _, ok := storetest.Refusal(storetest.EntriesSince(t, fx.St, before), sess.Actor().LedgerName(), "purge.decide"); !ok {
			t.Fatalf("%s: refusal not in the ledger", sess.Actor().Name)
		}
	}
	if _, err := os.Stat(fx.St.Archive().Path(old.SHA256)); err != nil {
		t.Fatalf("file gone without approval: %v", err)
	}

	// A leader approves: tombstone, file gone, verify passes.
	fx.Clock.Advance(1000)
	done, err := retention.DecidePurge(ctx, fx.Boss, r.ID, true, "approved")
	if err != nil || done.Status != access.Approved || done.DecidedBy != "boss" {
		t.Fatalf("approve: %+v %v", done, err)
	}
	if _, err := os.Stat(fx.St.Archive().Path(old.SHA256)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("purged file still there: %v", err)
	}
	ts, err := retention.Tombstones(ctx, fx.O2, []string{old.ID, fx.Rec.ID})
	if err != nil || len(ts) != 1 {
		t.Fatalf("tombstones: %v %v", ts, err)
	}
	tb := ts[0]
	if tb.SHA256 != old.SHA256 || tb.SM3 != old.SM3 || tb.Size != old.Size || tb.RequestedBy != "keeper" ||
		tb.ApprovedBy != "boss" || tb.Reason != "retention ended" || !tb.PurgedAt.Equal(fx.Clock.T.Truncate(1e6)) || !tb.Removed {
		t.Fatalf("tombstone: %+v", tb)
	}
	es, _ := fx.St.QueryLedger(ctx, ledger.Filter{Subject: old.ID, ActionPrefix: "recording.purge"})
	if len(es) != 1 || es[0].Seq != tb.LedgerSeq {
		t.Fatalf("purge entry: %v", es)
	}
	if p := storetest.VerifyProblems(t, fx.St); len(p) != 0 {
		t.Fatalf("verify after purge: %v", p)
	}
	if expiredIDs(t, fx)[old.ID] {
		t.Fatal("purged recording still listed as expired")
	}
	if it := retentionOf(t, fx, old.ID); !it.Purged {
		t.Fatalf("retention of the purged: %+v", it)
	}
	if err := retention.Link(ctx, fx.Keep, "K", []string{old.ID}); !errors.Is(err, retention.ErrPurged) {
		t.Fatalf("link a purged recording: %v", err)
	}
	if _, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "again"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("purge twice: %v", err)
	}
	if _, err := retention.DecidePurge(ctx, fx.Boss, r.ID, true, ""); !errors.Is(err, access.ErrDecided) {
		t.Fatalf("approve twice: %v", err)
	}

	// A file removed outside the program is still found missing.
	os.Chmod(fx.St.Archive().Path(fx.Rec.SHA256), 0o644)
	os.Remove(fx.St.Archive().Path(fx.Rec.SHA256))
	if p := storetest.VerifyProblems(t, fx.St); len(p) != 1 || !strings.Contains(p[0].What, "missing") {
		t.Fatalf("verify after a removal outside: %v", p)
	}
}

func TestPurgeRechecksAtApproval(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	old := storetest.ExpiredRecording(t, fx, "expired, then linked")
	r, err := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	retention.AddCase(ctx, fx.Keep, retention.Case{Number: "L", Name: "late evidence", Retention: retention.Retention{Years: 2}})
	retention.Link(ctx, fx.Keep, "L", []string{old.ID})
	if _, err := retention.DecidePurge(ctx, fx.Boss, r.ID, true, ""); !errors.Is(err, store.ErrRefused) || !strings.Contains(err.Error(), "case L") {
		t.Fatalf("approve a held recording: %v", err)
	}
	if _, err := os.Stat(fx.St.Archive().Path(old.SHA256)); err != nil {
		t.Fatalf("held file purged: %v", err)
	}
	rs, _ := retention.PurgeRequests(ctx, fx.Boss, true)
	if len(rs) != 1 || rs[0].Status != access.Pending {
		t.Fatalf("pending requests: %v", rs)
	}
	if got, err := retention.DecidePurge(ctx, fx.Boss, r.ID, false, "held"); err != nil || got.Status != access.Refused {
		t.Fatalf("refuse: %+v %v", got, err)
	}

	// Nobody approves their own request.
	both := fx.AddUser(t, "both", "", store.RoleCustodian, store.RoleLeader)
	old2 := storetest.ExpiredRecording(t, fx, "another expired one")
	r2, err := retention.RequestPurge(ctx, both, []string{old2.ID}, "retention ended")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := retention.DecidePurge(ctx, both, r2.ID, true, ""); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("own purge approved: %v", err)
	}
}

func TestForgedTombstoneDoesNotExcuseAMissingFile(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	db := storetest.RawDB(t, fx.St)
	if _, err := db.Exec(`INSERT INTO purge_requests(requester, reason, status, created_at) VALUES ('x','x','approved',0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO tombstones(recording_id, sha256, sm3, size, request_id, requested_by, approved_by, reason, purged_at, ledger_seq, removed)
		VALUES (?,?,?,?,1,'x','x','x',0,0,1)`, fx.Rec.ID, fx.Rec.SHA256, fx.Rec.SM3, fx.Rec.Size); err != nil {
		t.Fatal(err)
	}
	os.Chmod(fx.St.Archive().Path(fx.Rec.SHA256), 0o644)
	os.Remove(fx.St.Archive().Path(fx.Rec.SHA256))
	p := storetest.VerifyProblems(t, fx.St)
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
	fx := storetest.New(t)
	old := storetest.ExpiredRecording(t, fx, "expired, removal interrupted")
	r, _ := retention.RequestPurge(ctx, fx.Keep, []string{old.ID}, "retention ended")
	if _, err := retention.DecidePurge(ctx, fx.Boss, r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	// Put the file back and mark its removal undone, as a crash would leave it.
	path := fx.St.Archive().Path(old.SHA256)
	os.WriteFile(path, []byte("expired, removal interrupted"), 0o444)
	storetest.RawDB(t, fx.St).Exec(`UPDATE tombstones SET removed = 0`)
	if p := storetest.VerifyProblems(t, fx.St); len(p) != 0 {
		t.Fatalf("verify: %v", p)
	}
	if _, err := safekeeping.RunCheck(ctx, fx.Keep, safekeeping.CheckOptions{Rate: -1}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("file left after the check: %v", err)
	}
}
