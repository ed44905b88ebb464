package followups_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/store"
)

// A "not recorded" work record (Art. 7) is the officer's own: another
// officer cannot file one for them, a supervisor or leader only on their
// behalf with a reason; each refusal is a ledger entry, and the filed
// record's entry names who filed it and for whom.
func TestNotRecordedIsFiledByItsOfficer(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	rec := followups.NotRecorded{Officer: "1001", Day: "2025-03-01", Place: "某宾馆", Category: "inspection", Reason: "secret_privacy",
		Basis: "第七条第一项", Text: "客房内涉及个人隐私"}
	refusals := func(seq int64, actor string) int {
		n := 0
		for _, e := range storetest.EntriesSince(t, fx.St, seq) {
			if e.Action == "refused" && e.Actor == actor {
				n++
			}
		}
		return n
	}
	super := fx.As[store.RoleSupervisor]
	for _, c := range []struct {
		name  string
		sess  *store.Session
		actor string
	}{
		{"another officer", fx.O2, "user:o2"},
		{"a supervisor without --on-behalf", super, "user:r_supervisor"},
		{"a custodian", fx.Keep, "user:keeper"},
	} {
		seq := storetest.LedgerSize(t, fx.St)
		if _, err := followups.FileNotRecorded(ctx, c.sess, rec); !errors.Is(err, store.ErrRefused) {
			t.Errorf("%s filing for 1001: %v, want refused", c.name, err)
		}
		if refusals(seq, c.actor) != 1 {
			t.Errorf("%s: no refusal entry", c.name)
		}
	}
	list, err := followups.NotRecordedRecords(ctx, fx.Boss, followups.NotRecordedFilter{Officer: "1001"})
	storetest.Must(t, err)
	if len(list) != 0 {
		t.Fatalf("refused filings left records: %+v", list)
	}

	seq := storetest.LedgerSize(t, fx.St)
	got, err := followups.FileNotRecorded(ctx, super.OnBehalf("officer away on sick leave"), rec)
	storetest.Must(t, err)
	if got.Officer != "1001" || got.FiledBy != "user:r_supervisor" {
		t.Errorf("filed on behalf: %+v", got)
	}
	var d struct {
		For      string `json:"for_officer"`
		OnBehalf bool   `json:"on_behalf"`
		Reason   string `json:"behalf_reason"`
	}
	found := false
	for _, e := range storetest.EntriesSince(t, fx.St, seq) {
		if e.Action == "notrecorded.file" {
			storetest.Must(t, json.Unmarshal(e.Details, &d))
			found = e.Actor == "user:r_supervisor"
		}
	}
	if !found || d.For != "1001" || !d.OnBehalf || d.Reason != "officer away on sick leave" {
		t.Errorf("the entry of a filing on behalf: found %v, %+v", found, d)
	}

	own, err := followups.FileNotRecorded(ctx, fx.As[store.RoleOfficer], followups.NotRecorded{Day: "2025-03-02", Place: "p", Category: "inspection",
		Reason: "emergency", Basis: "b", Text: "t"})
	storetest.Must(t, err)
	if own.Officer != "1001" {
		t.Errorf("the officer's own record is for %q", own.Officer)
	}
}
