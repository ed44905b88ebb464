package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Every way an export is refused, and each refusal is in the ledger.
func TestExportRefusals(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	pending, err := fx.o2.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeExtraction, Reason: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	refused, err := fx.o2.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeExtraction, Reason: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.law.Decide(ctx, refused.ID, Decision{Approve: false, Note: "no"}); err != nil {
		t.Fatal(err)
	}
	expired := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
	other := importAs(t, fx.st, "another recording", "B.MP4", "1001")
	fx.clock.advance(DefaultGrant - time.Hour)
	fresh := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
	wrongPurpose := fx.approved(t, fx.o2, fx.boss, PurposeCase, fx.rec.ID)
	fx.clock.advance(2 * time.Hour) // expired has now expired, fresh not

	tests := []struct {
		name      string
		sess      *Session
		spec      ExportSpec
		attempted Action // the refusal entry's action
		reason    string // part of the refusal's reason
	}{
		{"pending", fx.keep, exportSpec(t, pending.ID), "evidence.extract", "not yet decided"},
		{"refused", fx.keep, exportSpec(t, refused.ID), "evidence.extract", "refused"},
		{"expired", fx.keep, exportSpec(t, expired.ID), "evidence.extract", "expired"},
		{"wrong purpose", fx.keep, exportSpec(t, wrongPurpose.ID), "evidence.extract", "not evidence extraction"},
		{"no such request", fx.keep, exportSpec(t, 999), "evidence.extract", "no such request"},
		{"recording not in request", fx.keep, func() ExportSpec {
			s := exportSpec(t, fresh.ID)
			s.Recordings = []string{other.ID}
			return s
		}(), "export", "not in request"},
		{"officer", fx.as[RoleOfficer], exportSpec(t, fresh.ID), "export", ""},
		{"supervisor", fx.as[RoleSupervisor], exportSpec(t, fresh.ID), "export", ""},
		{"leader", fx.boss, exportSpec(t, fresh.ID), "export", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := ledgerSize(t, fx.st)
			_, err := tc.sess.BeginExport(ctx, tc.spec)
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("got %v, want ErrRefused", err)
			}
			entries := entriesSince(t, fx.st, before)
			d, ok := refusal(entries, tc.sess.Actor().ledgerName(), tc.attempted)
			if !ok {
				t.Fatalf("no refusal entry for %s: %v", tc.attempted, entries)
			}
			if r, _ := d["reason"].(string); !strings.Contains(r, tc.reason) {
				t.Errorf("refusal reason %q, want it to say %q", r, tc.reason)
			}
			if hasEntry(entries, tc.sess.Actor().ledgerName(), "export.begin") {
				t.Error("a refused export has an export.begin entry")
			}
		})
	}
	if _, err := fx.keep.BeginExport(ctx, ExportSpec{RequestID: fresh.ID, Medium: "dvd"}); !errors.Is(err, ErrInvalid) ||
		!strings.Contains(err.Error(), "maker") || !strings.Contains(err.Error(), "output folder") {
		t.Errorf("export without maker and folder: %v", err)
	}
}

// Begin, prove, fail, retry, complete: the row and the ledger agree.
func TestExportLifecycle(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	req := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
	spec := exportSpec(t, req.ID)
	run, err := fx.keep.BeginExport(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if run.Export.Status != ExportRunning || len(run.Recordings) != 1 || run.Recordings[0].Path != fx.st.Archive().Path(fx.rec.SHA256) {
		t.Fatalf("run: %+v", run)
	}
	begin := entryAt(t, fx.st, run.Export.BeginSeq)
	var bd struct {
		Request    int64             `json:"request"`
		Maker      string            `json:"maker"`
		Extractor  string            `json:"extractor"`
		Desc       ExportDescription `json:"description"`
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
		len(bd.Recordings) != 1 || bd.Recordings[0].SHA256 != fx.rec.SHA256 || bd.Recordings[0].ImportSeq != fx.rec.LedgerSeq {
		t.Errorf("begin details: %s", begin.Details)
	}

	// The evidence proves the import, the approval and the begin entry in a
	// tree head the store recorded.
	head, proofs, err := run.Evidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := fx.st.TreeHeadAt(ctx, head.Size)
	if err != nil || recorded.Root != head.Root {
		t.Fatalf("tree head %d not recorded: %v", head.Size, err)
	}
	actions := map[string]bool{}
	for _, p := range proofs {
		if err := tlog.CheckRecord(p.Hashes, head.Size, head.Root, p.Seq, tlog.RecordHash(p.Leaf)); err != nil {
			t.Errorf("proof of %d: %v", p.Seq, err)
		}
		var e Entry
		json.Unmarshal(p.Leaf, &e)
		actions[e.Action] = true
	}
	for _, a := range []string{"recording.import", "request.approve", "export.begin"} {
		if !actions[a] {
			t.Errorf("no proof of a %s entry: %v", a, actions)
		}
	}
	if _, err := fx.st.TreeHeadAt(ctx, head.Size+100); !errors.Is(err, ErrNotFound) {
		t.Errorf("tree head never recorded: %v", err)
	}

	if err := run.Fail(ctx, "burn failed: no disc in /dev/sr0"); err != nil {
		t.Fatal(err)
	}
	if err := run.Fail(ctx, "again"); err == nil {
		t.Error("an ended attempt failed twice")
	}
	got := exportRow(t, fx, run.Export.ID)
	if got.Status != ExportFailed || got.Message != "burn failed: no disc in /dev/sr0" || got.EndedAt.IsZero() ||
		entryAt(t, fx.st, got.EndSeq).Action != "export.failed" {
		t.Fatalf("failed export: %+v", got)
	}

	retry, err := fx.keep.RetryExport(ctx, run.Export.ID, "stdio:/tmp/x")
	if err != nil {
		t.Fatal(err)
	}
	if retry.Export.Attempts != 2 || retry.Export.Device != "stdio:/tmp/x" || retry.Export.BeginSeq <= got.EndSeq ||
		!strings.Contains(string(entryAt(t, fx.st, retry.Export.BeginSeq).Details), `"previous"`) {
		t.Errorf("retry: %+v", retry.Export)
	}
	if _, err := fx.keep.RetryExport(ctx, run.Export.ID, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("retry of a running export: %v", err)
	}
	out := ExportOutcome{Discs: []ExportDisc{{Disc: 1, Of: 1, SHA256: "aa", SM3: "bb", Size: 2048}},
		Files: []ExportFile{{Disc: 1, Name: "张三.mp4", Recording: fx.rec.ID, SHA256: fx.rec.SHA256, SM3: fx.rec.SM3}}}
	if err := retry.Complete(ctx, out); err != nil {
		t.Fatal(err)
	}
	got = exportRow(t, fx, run.Export.ID)
	end := entryAt(t, fx.st, got.EndSeq)
	if got.Status != ExportComplete || got.Discs != 1 || got.Attempts != 2 || end.Action != "export.complete" ||
		!strings.Contains(string(end.Details), fx.rec.SHA256) || !strings.Contains(string(end.Details), `"disc_count":1`) {
		t.Errorf("complete export: %+v %s", got, end.Details)
	}
	if _, err := fx.keep.RetryExport(ctx, run.Export.ID, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("retry of a complete export: %v", err)
	}

	// A second copy under the same grant is a new export; once the grant
	// expired, neither a new export nor a retry is allowed.
	second, err := fx.keep.BeginExport(ctx, exportSpec(t, req.ID))
	if err != nil || second.Export.ID == run.Export.ID {
		t.Fatalf("second export: %v", err)
	}
	second.Fail(ctx, "disc full")
	fx.clock.advance(DefaultGrant)
	if _, err := fx.keep.RetryExport(ctx, second.Export.ID, ""); !errors.Is(err, ErrRefused) {
		t.Errorf("retry under an expired grant: %v", err)
	}
}

// An export whose process died is failed at the next look and can be retried.
func TestDeadExportIsFailed(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	req := fx.approved(t, fx.o2, fx.boss, PurposeExtraction, fx.rec.ID)
	run, err := fx.keep.BeginExport(ctx, exportSpec(t, req.ID))
	if err != nil {
		t.Fatal(err)
	}
	list, err := fx.law.Exports(ctx, ExportFilter{RequestID: req.ID})
	if err != nil || len(list) != 1 || list[0].Status != ExportRunning {
		t.Fatalf("a live export: %v %+v", err, list)
	}
	run.Abandon() // as the kernel does when the process dies
	list, err = fx.keep.Exports(ctx, ExportFilter{ID: run.Export.ID})
	if err != nil || len(list) != 1 || list[0].Status != ExportFailed || !strings.Contains(list[0].Message, "stopped") {
		t.Fatalf("a dead export: %v %+v", err, list)
	}
	if e := entryAt(t, fx.st, list[0].EndSeq); e.Action != "export.failed" || e.Actor != "workstation" {
		t.Errorf("dead export's entry: %+v", e)
	}
	if list[0].Recordings[0] != fx.rec.ID || list[0].Description.Maker != "李四" {
		t.Errorf("row: %+v", list[0])
	}
	again, err := fx.keep.RetryExport(ctx, run.Export.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Fail(ctx, "cancelled"); err != nil {
		t.Fatal(err)
	}
}

func exportRow(t *testing.T, fx *fixture, id int64) Export {
	t.Helper()
	e, err := LoadExport(context.Background(), fx.st.read, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func entryAt(t *testing.T, st *Store, seq int64) Entry {
	t.Helper()
	all := entriesSince(t, st, seq)
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
	fx := newFixture(t)
	open := importAs(t, fx.st, "an ordinary recording", "OPEN.MP4", "1001")
	secret := importAs(t, fx.st, "a secret recording", "SECRET.MP4", "1001")
	must(t, fx.boss.Classify(ctx, secret.ID, State, "涉及国家秘密"))
	shown := completedExport(t, fx, open.ID)
	held := completedExport(t, fx, secret.ID)
	super := fx.as[RoleSupervisor]

	ids := func(s *Session) []int64 {
		t.Helper()
		es, err := s.Exports(ctx, ExportFilter{})
		must(t, err)
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	seq := ledgerSize(t, fx.st)
	if got := ids(super); !slices.Equal(got, []int64{shown}) {
		t.Errorf("supervisor sees exports %v, want only %d", got, shown)
	}
	var hidden int
	for _, e := range entriesSince(t, fx.st, seq) {
		if e.Action == "export.list" {
			var d struct {
				Hidden int `json:"hidden"`
			}
			must(t, json.Unmarshal(e.Details, &d))
			hidden = d.Hidden
		}
	}
	if hidden != 1 {
		t.Errorf("the supervisor's lookup entry says %d hidden, want 1", hidden)
	}
	if got := ids(fx.boss); !slices.Equal(got, []int64{held, shown}) {
		t.Errorf("leader sees exports %v, want %d and %d", got, held, shown)
	}
	if es, err := super.Exports(ctx, ExportFilter{ID: held}); err != nil || len(es) != 0 {
		t.Errorf("supervisor asking for the secret export by id: %v, %v", es, err)
	}
}
