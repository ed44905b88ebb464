package replicate

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"evidock/ledger"
)

// A run cancelled while sending recordings, or while sending the ledger,
// leaves the bucket as the last complete run left it: the same checkpoint,
// every object whole with one version. The run is recorded as cancelled,
// and the next run completes the bucket, which then verifies.
func TestCancelledRunLeavesTheBucketConsistent(t *testing.T) {
	f := newFixture(t, 2)
	ctx := context.Background()
	f.run(t)
	before, err := getObject(ctx, f.c, f.target, CheckpointKey, 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []struct {
		name string
		now  func(Progress) bool
	}{
		{"archive", func(p Progress) bool { return p.Phase == "archive" && p.Files >= 1 }},
		{"ledger", func(p Progress) bool { return p.Phase == "ledger" }},
	} {
		for i := range 3 {
			f.importClip(t, cut.name+"-"+string(rune('a'+i))+".MP4", 50_000+i)
		}
		cctx, cancel := context.WithCancel(ctx)
		rep, err := Run(cctx, f.st.Workstation(), f.target, Options{Progress: func(p Progress) {
			if cut.now(p) {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) || rep.OK {
			t.Fatalf("%s: cancelled run: %+v %v", cut.name, rep, err)
		}
		es, _ := f.st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "replicate", Newest: true, Limit: 1})
		if len(es) != 1 || !strings.Contains(string(es[0].Details), `"cancelled":true`) {
			t.Fatalf("%s: replicate entry %+v", cut.name, es)
		}
		now, err := getObject(ctx, f.c, f.target, CheckpointKey, 1<<16)
		if err != nil || !bytes.Equal(now, before) {
			t.Fatalf("%s: the checkpoint changed in a cancelled run (%v):\n%s\n%s", cut.name, err, before, now)
		}
		for key, n := range f.versions(t, ArchivePrefix) {
			if n != 1 {
				t.Errorf("%s: %s has %d versions", cut.name, key, n)
			}
		}
		rep = f.run(t)
		if rep.Uploaded+rep.Present != len(f.recs) {
			t.Errorf("%s: the next run: %+v", cut.name, rep)
		}
		vr, err := Verify(ctx, f.st.Workstation(), f.target, VerifyOptions{})
		if err != nil || len(vr.Problems) != 0 || vr.Objects != len(f.recs) {
			t.Fatalf("%s: verify after the next run: %+v %v", cut.name, vr, err)
		}
		if _, err := f.c.StatObject(ctx, f.target.Bucket, CheckpointKey, minio.StatObjectOptions{}); err != nil {
			t.Fatal(err)
		}
		before, _ = getObject(ctx, f.c, f.target, CheckpointKey, 1<<16)
	}
}
