package demo

import (
	"context"
	"path/filepath"
	"testing"

	"evidock/records"
	"evidock/store"
)

// The demo folder is made once: a login that works with the password it
// gives, recordings of three past days, and the same password the second
// time instead of a new folder.
func TestDataIsMadeOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	pw, err := Data(ctx, data, dir)
	if err != nil || pw == "" {
		t.Fatalf("Data: %q %v", pw, err)
	}
	again, err := Data(ctx, data, dir)
	if err != nil || again != pw {
		t.Fatalf("second Data: %q %v, want the first password", again, err)
	}
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sess, err := st.Login(ctx, "demo", pw)
	if err != nil {
		t.Fatalf("the demo's administrator cannot log in: %v", err)
	}
	recs, err := records.Recordings(ctx, sess, records.RecordingFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{}
	for _, r := range recs {
		days[r.RecordedAt.Local().Format("2006-01-02")] = true
	}
	if len(recs) == 0 || len(days) != 3 {
		t.Fatalf("%d recordings over %d days, want some on each of 3 past days", len(recs), len(days))
	}
}
