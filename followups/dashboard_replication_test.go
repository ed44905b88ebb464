package followups_test

import (
	"context"
	"strings"
	"testing"

	"evidock/followups"
	"evidock/internal/storetest"
	"evidock/safekeeping"
	"evidock/store"
)

// The supervisor's dashboard says how far the off-site copy is behind once
// a replication target is set (issue 17), and nothing about it before.
func TestDashboardShowsTheReplicationLag(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	sup := fx.As[store.RoleSupervisor]
	p := followups.Period{From: "2025-03-01", To: "2025-03-31"}
	d, err := followups.DashboardFor(ctx, sup, p)
	storetest.Must(t, err)
	if d.Replication != nil {
		t.Fatalf("no target, yet a lag: %+v", d.Replication)
	}
	storetest.Must(t, safekeeping.SetReplicationTarget(ctx, fx.Root, safekeeping.ReplicationTarget{Endpoint: "http://127.0.0.1:9", Bucket: "evidence"}))
	d, err = followups.DashboardFor(ctx, sup, p)
	storetest.Must(t, err)
	if r := d.Replication; r == nil || !strings.Contains(r.Target, "evidence") || r.Entries == 0 || !r.Last.IsZero() {
		t.Fatalf("never replicated: lag %+v", d.Replication)
	}
}
