package export

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"evidock/access"
	"evidock/ledger"
	"evidock/records"
	"evidock/retention"
)

// checkCancelled checks what a cancelled export leaves: the error says
// cancelled, the row is failed with the cancel's reason, the ledger's last
// entry for it is a cancelled export.failed, the output folder holds
// nothing, no recording is held by it, and a retry completes it.
func checkCancelled(t *testing.T, f *storeFixture, spec Spec, res Result, err error) {
	t.Helper()
	ctx := context.Background()
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, ErrFailed) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	list, _ := access.Exports(ctx, f.keeper, access.ExportFilter{ID: res.Export.ID})
	if len(list) != 1 || list[0].Status != access.ExportFailed || list[0].Message != cancelledReason || list[0].Discs != 0 {
		t.Fatalf("cancelled export's row: %+v", list)
	}
	es, _ := records.Ledger(ctx, f.keeper, ledger.Filter{Subject: access.ExportSubject(res.Export.ID)})
	last := es[len(es)-1]
	var d struct {
		Cancelled bool `json:"cancelled"`
	}
	if json.Unmarshal(last.Details, &d); last.Action != "export.failed" || !d.Cancelled {
		t.Fatalf("last ledger entry of a cancelled export: %s %s", last.Action, last.Details)
	}
	if entries, _ := os.ReadDir(spec.OutDir); len(entries) != 0 {
		t.Errorf("a cancelled export left %v in its folder", entries)
	}
	items, err := retention.List(ctx, f.keeper, retention.RetentionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		for _, h := range it.Holds {
			if h.Export == res.Export.ID {
				t.Errorf("recording %s is held by the cancelled export: %+v", it.RecordingID, h)
			}
		}
	}
	again, err := Retry(ctx, f.keeper, res.Export.ID, Options{Location: cst})
	if err != nil || again.Export.Status != access.ExportComplete {
		t.Fatalf("retry of a cancelled export: %+v %v", again.Export, err)
	}
	verifyOK(t, again.Discs[0].ISO)
}

// Cancelled while copying recordings into the bag: nothing half done.
func TestRunCancelledWhileCopying(t *testing.T) {
	needTool(t, "xorriso")
	f, req := newStoreFixture(t, 3)
	spec := f.spec(t, req)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var copies int
	spec.Progress = func(p Progress) {
		if p.Phase == PhaseCopy && p.Done > 0 {
			if copies++; copies == 2 {
				cancel()
			}
		}
	}
	res, err := Run(ctx, f.keeper, spec)
	if copies < 2 {
		t.Fatalf("%d copy reports", copies)
	}
	checkCancelled(t, f, spec, res, err)
}

// Cancelled while the first of three discs is read back, or after it was
// burned and read back as the second is about to burn: the export is not
// complete, and the images are gone.
func TestRunCancelledWhileBurning(t *testing.T) {
	needTool(t, "xorriso")
	for _, c := range []struct {
		name      string
		phase     Phase
		disc      int
		wantBurns int
	}{
		{"reading back disc 1", PhaseRead, 1, 1},
		{"burning disc 2", PhaseBurn, 2, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, req := newStoreFixture(t, 6)
			spec := f.spec(t, req)
			spec.Medium, spec.Capacity = CD, Reserve+420_000 // two recordings a disc
			spec.Device = "stdio:" + filepath.Join(t.TempDir(), "drive-%d")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var burns int
			spec.Progress = func(p Progress) {
				if p.Phase == c.phase && p.Disc == c.disc {
					cancel()
				}
			}
			spec.BeforeBurn = func(ctx context.Context, _, _ int, _ string) error {
				burns++
				return ctx.Err()
			}
			res, err := Run(ctx, f.keeper, spec)
			if burns != c.wantBurns {
				t.Errorf("%d discs asked for, want %d", burns, c.wantBurns)
			}
			checkCancelled(t, f, spec, res, err)
		})
	}
}
