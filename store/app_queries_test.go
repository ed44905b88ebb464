package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/store"
)

func TestRecordSetting(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	admin, err := st.InitAdmin(ctx, "admin", "Admin", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.RecordSetting(ctx, "roots", []string{}, []string{"/media/collector"}); err != nil {
		t.Fatal(err)
	}
	if err := admin.RecordSetting(ctx, " ", 1, 2); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("empty name: %v, want ErrInvalid", err)
	}
	if err := st.Workstation().RecordSetting(ctx, "roots", nil, nil); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("workstation: %v, want ErrRefused", err)
	}
	es, err := st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "settings.change"})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Subject != "setting:roots" || es[0].Actor != "user:admin" {
		t.Fatalf("entries %+v", es)
	}
	var d struct{ Before, After []string }
	if err := json.Unmarshal(es[0].Details, &d); err != nil || len(d.After) != 1 || d.After[0] != "/media/collector" {
		t.Fatalf("details %s (%v)", es[0].Details, err)
	}
}
