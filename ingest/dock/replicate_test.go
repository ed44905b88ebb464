package dock

import (
	"context"
	"testing"
	"time"

	"evidock/ingest/volume"
	"evidock/internal/s3test"
	"evidock/replicate"
	"evidock/safekeeping"
	"evidock/store"
)

// With a replication bucket set, the maintenance loop replicates when it
// is due (credentials from the data folder, as the window and watch have
// no environment of their own), and the lag then shows no entry missing
// but the run's own.
func TestServiceReplicatesOnSchedule(t *testing.T) {
	srv := s3test.Start(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	setup, _ := st.Setup(ctx)
	if err := safekeeping.SetReplicationTarget(ctx, setup, safekeeping.ReplicationTarget{Endpoint: srv.Endpoint, Bucket: "bureau", Prefix: "ws01/", Every: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if err := replicate.SaveCredentials(st.Dir(), s3test.AccessKey, s3test.SecretKey); err != nil {
		t.Fatal(err)
	}
	lag, err := safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil || lag.Target == "" || !lag.Last.IsZero() || lag.Entries < 2 {
		t.Fatalf("lag before the first run: %+v %v", lag, err)
	}
	svc, err := New(st, Config{Roots: []volume.Root{{Path: t.TempDir(), FolderMode: true}},
		Maintain: true, MaintainEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan Event, 16)
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, events) }()
	timeout := time.After(60 * time.Second)
	for replicated := false; !replicated; {
		select {
		case e := <-events:
			if e.Type == Failed {
				t.Fatalf("maintenance failed: %s", e.Error)
			}
			replicated = e.Type == Replicated && len(e.Files) == 0
		case <-timeout:
			t.Fatal("no scheduled replication")
		}
	}
	cancel()
	for range events {
	}
	<-done
	ctx = context.Background()
	lag, err = safekeeping.CurrentReplicationLag(ctx, st)
	if err != nil || lag.Last.IsZero() || lag.Entries > 3 || lag.LastFail != "" {
		t.Fatalf("lag after the run: %+v %v", lag, err)
	}
	if rt, _ := safekeeping.CurrentReplicationTarget(ctx, st); !rt.Next.After(time.Now().Add(50 * time.Minute)) {
		t.Errorf("next run due %s, want in about an hour", rt.Next)
	}
}
