package replicate

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"evidock/internal/storetest"

	"evidock/safekeeping"
	"evidock/store"
)

// The bucket's signed checkpoint against a ledger that lost entries (the
// data folder rolled back to an old copy) is a rollback 回滚; against one
// that went on differently from that old copy, a fork 分叉 — verify names
// each and is not OK.
func TestVerifyNamesRollbackAndFork(t *testing.T) {
	f := newFixture(t, 2)
	ctx := context.Background()
	f.run(t)
	old := filepath.Join(t.TempDir(), "old")
	storetest.CopyFolder(t, f.st.Dir(), old)
	f.importClip(t, "CLIP9999.MP4", 5000) // the ledger goes on, and the bucket with it
	f.run(t)

	rolled, err := store.Open(old)
	if err != nil {
		t.Fatal(err)
	}
	defer rolled.Close()
	checkpointProblem := func(want string) {
		t.Helper()
		vr, err := Verify(ctx, rolled.Workstation(), f.target, VerifyOptions{Quick: true})
		if err != nil {
			t.Fatal(err)
		}
		var says []string
		for _, p := range vr.Problems {
			says = append(says, p.String())
		}
		if vr.OK || !strings.Contains(strings.Join(says, "\n"), want) {
			t.Errorf("verify of the bucket against the old ledger: ok %v, want %q in\n%s", vr.OK, want, strings.Join(says, "\n"))
		}
	}
	checkpointProblem("回滚")

	// The old copy goes on with other entries, past the bucket's size.
	for range 3 {
		if _, err := safekeeping.Verify(ctx, rolled.Workstation(), nil); err != nil {
			t.Fatal(err)
		}
	}
	checkpointProblem("分叉")
}
