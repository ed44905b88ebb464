package access_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"evidock/access"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/store"

	"golang.org/x/mod/sumdb/tlog"
)

// Every way an export is refused, and each refusal is in the ledger.
func TestExportRefusals(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	pending, err := access.RequestView(ctx, fx.O2, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeExtraction, Reason: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	refused, err := access.RequestView(ctx, fx.O2, access.ViewRequest{Recordings: []string{fx.Rec.ID}, Purpose: access.PurposeExtraction, Reason: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := access.Decide(ctx, fx.Law, refused.ID, access.Decision{Approve: false, Note: "no"}); err != nil {
		t.Fatal(err)
	}
	expired := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
	other := storetest.ImportAs(t, fx.St, "another recording", "B.MP4", "1001")
	fx.Clock.Advance(access.DefaultGrant - time.Hour)
	fresh := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
	wrongPurpose := fx.Approved(t, fx.O2, fx.Boss, access.PurposeCase, fx.Rec.ID)
	fx.Clock.Advance(2 * time.Hour) // expired has now expired, fresh not

	tests := []struct {
		name      string
		sess      *store.Session
		spec      access.ExportSpec
		attempted store.Action // the refusal entry's action
		reason    string       // part of the refusal's reason
	}{
		{"pending", fx.Keep, storetest.ExportSpecFor(t, pending.ID), "evidence.extract", "not yet decided"},
		{"refused", fx.Keep, storetest.ExportSpecFor(t, refused.ID), "evidence.extract", "refused"},
		{"expired", fx.Keep, storetest.ExportSpecFor(t, expired.ID), "evidence.extract", "expired"},
		{"wrong purpose", fx.Keep, storetest.ExportSpecFor(t, wrongPurpose.ID), "evidence.extract", "not evidence extraction"},
		{"no such request", fx.Keep, storetest.ExportSpecFor(t, 999), "evidence.extract", "no such request"},
		{"recording not in request", fx.Keep, func() access.ExportSpec {
			s := storetest.ExportSpecFor(t, fresh.ID)
			s.Recordings = []string{other.ID}
			return s
		}(), "export", "not in request"},
		{"officer", fx.As[store.RoleOfficer], storetest.ExportSpecFor(t, fresh.ID), "export", ""},
		{"supervisor", fx.As[store.RoleSupervisor], storetest.ExportSpecFor(t, fresh.ID), "export", ""},
		{"leader", fx.Boss, storetest.ExportSpecFor(t, fresh.ID), "export", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := storetest.LedgerSize(t, fx.St)
			_, err := access.BeginExport(ctx, tc.sess, tc.spec)
			if !errors.Is(err, store.ErrRefused) {
				t.Fatalf("got %v, want ErrRefused", err)
			}
			entries := storetest.EntriesSince(t, fx.St, before)
			d, ok := storetest.Refusal(entries, tc.sess.Actor().LedgerName(), tc.attempted)
			if !ok {
				t.Fatalf("no refusal entry for %s: %v", tc.attempted, entries)
			}
			if r, _ := d["reason"].(string); !strings.Contains(r, tc.reason) {
				t.Errorf("refusal reason %q, want it to say %q", r, tc.reason)
			}
			if storetest.HasEntry(entries, tc.sess.Actor().LedgerName(), "export.begin") {
				t.Error("a refused export has an export.begin entry")
			}
		})
	}
	if _, err := access.BeginExport(ctx, fx.Keep, access.ExportSpec{RequestID: fresh.ID, Medium: "dvd"}); !errors.Is(err, store.ErrInvalid) ||
		!strings.Contains(err.Error(), "maker") || !strings.Contains(err.Error(), "output folder") {
		t.Errorf("export without maker and folder: %v", err)
	}
}

// Begin, prove, fail, retry, complete: the row and the ledger agree.
func TestExportLifecycle(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	req := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
	spec := storetest.ExportSpecFor(t, req.ID)
	run, err := access.BeginExport(ctx, fx.Keep, spec)
	if err != nil {
		t.Fatal(err)
	}
	if run.Export.Status != access.ExportRunning || len(run.Recordings) != 1 || run.Recordings[0].Path != fx.St.Archive().Path(fx.Rec.SHA256) {
		t.Fatalf("run: %+v", run)
	}
	begin := entryAt(t, fx.St, run.Export.BeginSeq)
	var bd struct {
		Request    int64                    `json:"request"`
		Maker      string                   `json:"maker"`
		Extractor  string                   `json:"extractor"`
		Desc       access.ExportDescription `json:"description"`
		Recordings []struct {
			ID        string `json:"id"`
			SHA256    string `json:"sha256"`
			ImportSeq int64  `json:"import_seq"`
		} `json:"recordings"`
	}
	if err := json.Unmarshal(begin.Details, &bd); err != nil || begin.Action != "export.begin" || begin.Actor != "user:keeper" {
		t.Fatalf("begin entry %+v: %v", begin, err)
	}
	if bd.Request != req.ID || bd.Maker != "李四" || bd.Extractor != "王法官" || bd.Desc.CaseName != "某网吧案" || bd.Desc.ExtractedAt.IsZero() ||
		len(bd.Recordings) != 1 || bd.Recordings[0].SHA256 != fx.Rec.SHA256 || bd.Recordings[0].ImportSeq != fx.Rec.LedgerSeq {
		t.Errorf("begin details: %s", begin.Details)
	}

	// The evidence proves the import, the approval and the begin entry in a
	// tree head the store recorded.
	head, proofs, err := run.Evidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := access.TreeHeadAt(ctx, fx.St, head.Size)
	if err != nil || recorded.Root != head.Root {
		t.Fatalf("tree head %d not recorded: %v", head.Size, err)
	}
	actions := map[string]bool{}
	for _, p := range proofs {
		if err := tlog.CheckRecord(p.Hashes, head.Size, head.Root, p.Seq, tlog.RecordHash(p.Leaf)); err != nil {
			t.Errorf("proof of %d: %v", p.Seq, err)
		}
		var e ledger.Entry
		json.Unmarshal(p.Leaf, &e)
		actions[e.Action] = true
	}
	for _, a := range []string{"recording.import", "request.approve", "export.begin"} {
		if !actions[a] {
			t.Errorf("no proof of a %s entry: %v", a, actions)
		}
	}
	if _, err := access.TreeHeadAt(ctx, fx.St, head.Size+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("tree head never recorded: %v", err)
	}

	if err := run.Fail(ctx, "burn failed: no disc in /dev/sr0"); err != nil {
		t.Fatal(err)
	}
	if err := run.Fail(ctx, "again"); err == nil {
		t.Error("an ended attempt failed twice")
	}
	got := exportRow(t, fx, run.Export.ID)
	if got.Status != access.ExportFailed || got.Message != "burn failed: no disc in /dev/sr0" || got.EndedAt.IsZero() ||
		entryAt(t, fx.St, got.EndSeq).Action != "export.failed" {
		t.Fatalf("failed export: %+v", got)
	}

	retry, err := access.RetryExport(ctx, fx.Keep, run.Export.ID, "stdio:/tmp/x")
	if err != nil {
		t.Fatal(err)
	}
	if retry.Export.Attempts != 2 || retry.Export.Device != "stdio:/tmp/x" || retry.Export.BeginSeq <= got.EndSeq ||
		!strings.Contains(string(entryAt(t, fx.St, retry.Export.BeginSeq).Details), `"previous"`) {
		t.Errorf("retry: %+v", retry.Export)
	}
	if _, err := access.RetryExport(ctx, fx.Keep, run.Export.ID, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("retry of a running export: %v", err)
	}
	out := access.ExportOutcome{Discs: []access.ExportDisc{{Disc: 1, Of: 1, SHA256: "aa", SM3: "bb", Size: 2048}},
		Files: []access.ExportFile{{Disc: 1, Name: "张三.mp4", Recording: fx.Rec.ID, SHA256: fx.Rec.SHA256, SM3: fx.Rec.SM3}}}
	if err := retry.Complete(ctx, out); err != nil {
		t.Fatal(err)
	}
	got = exportRow(t, fx, run.Export.ID)
	end := entryAt(t, fx.St, got.EndSeq)
	if got.Status != access.ExportComplete || got.Discs != 1 || got.Attempts != 2 || end.Action != "export.complete" ||
		!strings.Contains(string(end.Details), fx.Rec.SHA256) || !strings.Contains(string(end.Details), `"disc_count":1`) {
		t.Errorf("complete export: %+v %s", got, end.Details)
	}
	if _, err := access.RetryExport(ctx, fx.Keep, run.Export.ID, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("retry of a complete export: %v", err)
	}

	// A second copy under the same grant is a new export; once the grant
	// expired, neither a new export nor a retry is allowed.
	second, err := access.BeginExport(ctx, fx.Keep, storetest.ExportSpecFor(t, req.ID))
	if err != nil || second.Export.ID == run.Export.ID {
		t.Fatalf("second export: %v", err)
	}
	second.Fail(ctx, "disc full")
	fx.Clock.Advance(access.DefaultGrant)
	if _, err := access.RetryExport(ctx, fx.Keep, second.Export.ID, ""); !errors.Is(err, store.ErrRefused) {
		t.Errorf("retry under an expired grant: %v", err)
	}
}

// An export whose process died is failed at the next look and can be retried.
func TestDeadExportIsFailed(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	req := fx.Approved(t, fx.O2, fx.Boss, access.PurposeExtraction, fx.Rec.ID)
	run, err := access.BeginExport(ctx, fx.Keep, storetest.ExportSpecFor(t, req.ID))
	if err != nil {
		t.Fatal(err)
	}
	list, err := access.Exports(ctx, fx.Law, access.ExportFilter{RequestID: req.ID})
	if err != nil || len(list) != 1 || list[0].Status != access.ExportRunning {
		t.Fatalf("a live export: %v %+v", err, list)
	}
	run.Abandon() // as the kernel does when the process dies
	list, err = access.Exports(ctx, fx.Keep, access.ExportFilter{ID: run.Export.ID})
	if err != nil || len(list) != 1 || list[0].Status != access.ExportFailed || !strings.Contains(list[0].Message, "stopped") {
		t.Fatalf("a dead export: %v %+v", err, list)
	}
	if e := entryAt(t, fx.St, list[0].EndSeq); e.Action != "export.failed" || e.Actor != "workstation" {
		t.Errorf("dead export's entry: %+v", e)
	}
	if list[0].Recordings[0] != fx.Rec.ID || list[0].Description.Maker != "李四" {
		t.Errorf("row: %+v", list[0])
	}
	again, err := access.RetryExport(ctx, fx.Keep, run.Export.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Fail(ctx, "cancelled"); err != nil {
		t.Fatal(err)
	}
}

func exportRow(t *testing.T, fx *storetest.Fixture, id int64) access.Export {
	t.Helper()
	e, err := access.LoadExport(context.Background(), fx.St.DB(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func entryAt(t *testing.T, st *store.Store, seq int64) ledger.Entry {
	t.Helper()
	all := storetest.EntriesSince(t, st, seq)
	if len(all) == 0 {
		t.Fatalf("no entry %d", seq)
	}
	return all[0]
}

// An export listing follows the one visibility rule: a supervisor (cleared
// for 普通 only) is not shown an export that carries a recording classified
// 国家秘密, only told in the lookup's entry that one was hidden; a leader
// sees it.
func TestExportListingHidesWhatTheActorMayNotSee(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	open := storetest.ImportAs(t, fx.St, "an ordinary recording", "OPEN.MP4", "1001")
	secret := storetest.ImportAs(t, fx.St, "a secret recording", "SECRET.MP4", "1001")
	storetest.Must(t, fx.Boss.Classify(ctx, secret.ID, store.State, "涉及国家秘密"))
	shown := storetest.CompletedExport(t, fx, open.ID)
	held := storetest.CompletedExport(t, fx, secret.ID)
	super := fx.As[store.RoleSupervisor]

	ids := func(s *store.Session) []int64 {
		t.Helper()
		es, err := access.Exports(ctx, s, access.ExportFilter{})
		storetest.Must(t, err)
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	seq := storetest.LedgerSize(t, fx.St)
	if got := ids(super); !slices.Equal(got, []int64{shown}) {
		t.Errorf("supervisor sees exports %v, want only %d", got, shown)
	}
	var hidden int
	for _, e := range storetest.EntriesSince(t, fx.St, seq) {
		if e.Action == "export.list" {
			var d struct {
				Hidden int `json:"hidden"`
			}
			storetest.Must(t, json.Unmarshal(e.Details, &d))
			hidden = d.Hidden
		}
	}
	if hidden != 1 {
		t.Errorf("the supervisor's lookup entry says %d hidden, want 1", hidden)
	}
	if got := ids(fx.Boss); !slices.Equal(got, []int64{held, shown}) {
		t.Errorf("leader sees exports %v, want %d and %d", got, held, shown)
	}
	if es, err := access.Exports(ctx, super, access.ExportFilter{ID: held}); err != nil || len(es) != 0 {
		t.Errorf("supervisor asking for the secret export by id: %v, %v", es, err)
	}
}
