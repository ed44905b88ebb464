package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// A "not recorded" work record (Art. 7) is the officer's own: another
// officer cannot file one for them, a supervisor or leader only on their
// behalf with a reason; each refusal is a ledger entry, and the filed
// record's entry names who filed it and for whom.
func TestNotRecordedIsFiledByItsOfficer(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	rec := NotRecorded{Officer: "1001", Day: "2025-03-01", Place: "某宾馆", Category: "inspection", Reason: "secret_privacy",
		Basis: "第七条第一项", Text: "客房内涉及个人隐私"}
	refusals := func(seq int64, actor string) int {
		n := 0
		for _, e := range entriesSince(t, fx.st, seq) {
			if e.Action == "refused" && e.Actor == actor {
				n++
			}
		}
		return n
	}
	super := fx.as[RoleSupervisor]
	for _, c := range []struct {
		name  string
		sess  *Session
		actor string
	}{
		{"another officer", fx.o2, "user:o2"},
		{"a supervisor without --on-behalf", super, "user:r_supervisor"},
		{"a custodian", fx.keep, "user:keeper"},
	} {
		seq := ledgerSize(t, fx.st)
		if _, err := c.sess.FileNotRecorded(ctx, rec); !errors.Is(err, ErrRefused) {
			t.Errorf("%s filing for 1001: %v, want refused", c.name, err)
		}
		if refusals(seq, c.actor) != 1 {
			t.Errorf("%s: no refusal entry", c.name)
		}
	}
	list, err := fx.boss.NotRecordedRecords(ctx, NotRecordedFilter{Officer: "1001"})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("refused filings left records: %+v", list)
	}

	seq := ledgerSize(t, fx.st)
	got, err := super.OnBehalf("officer away on sick leave").FileNotRecorded(ctx, rec)
	must(t, err)
	if got.Officer != "1001" || got.FiledBy != "user:r_supervisor" {
		t.Errorf("filed on behalf: %+v", got)
	}
	var d struct {
		For      string `json:"for_officer"`
		OnBehalf bool   `json:"on_behalf"`
		Reason   string `json:"behalf_reason"`
	}
	found := false
	for _, e := range entriesSince(t, fx.st, seq) {
		if e.Action == "notrecorded.file" {
			must(t, json.Unmarshal(e.Details, &d))
			found = e.Actor == "user:r_supervisor"
		}
	}
	if !found || d.For != "1001" || !d.OnBehalf || d.Reason != "officer away on sick leave" {
		t.Errorf("the entry of a filing on behalf: found %v, %+v", found, d)
	}

	own, err := fx.as[RoleOfficer].FileNotRecorded(ctx, NotRecorded{Day: "2025-03-02", Place: "p", Category: "inspection",
		Reason: "emergency", Basis: "b", Text: "t"})
	must(t, err)
	if own.Officer != "1001" {
		t.Errorf("the officer's own record is for %q", own.Officer)
	}
}
