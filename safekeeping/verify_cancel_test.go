package safekeeping_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/safekeeping"
)

// A cancelled verification does not pass: its ledger entry says ok false
// and cancelled, and the error says cancelled.
func TestVerifyCancelledIsRecordedAsCancelled(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	for _, c := range []string{"one", "two", "three"} {
		storetest.ImportAs(t, fx.St, "recording "+c, c+".MP4", "1001")
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var reports int
	rep, err := safekeeping.Verify(cctx, fx.Keep, func(safekeeping.VerifyProgress) {
		if reports++; reports == 1 {
			cancel()
		}
	})
	if !errors.Is(err, safekeeping.ErrVerifyCancelled) || !errors.Is(err, context.Canceled) || rep.OK {
		t.Fatalf("cancelled verification: %+v %v", rep, err)
	}
	es, _ := fx.St.QueryLedger(ctx, ledger.Filter{ActionPrefix: "verify"})
	if len(es) != 1 || !strings.Contains(string(es[0].Details), `"cancelled":true`) || !strings.Contains(string(es[0].Details), `"ok":false`) {
		t.Fatalf("verify entries after a cancel: %+v", es)
	}
	// Run to the end, it passes and says so.
	rep, err = safekeeping.Verify(ctx, fx.Keep, nil)
	if err != nil || !rep.OK || rep.Files != 4 {
		t.Fatalf("verification: %+v %v", rep, err)
	}
}
