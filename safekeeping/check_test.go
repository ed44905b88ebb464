package safekeeping_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/internal/filelock"
	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

func TestCheckFindsChangedByteAndMissingFile(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	changed := storetest.ImportAs(t, fx.St, "a recording whose byte will change", "B.MP4", "1001")
	missing := storetest.ImportAs(t, fx.St, "a recording that will vanish", "C.MP4", "1001")

	run, err := safekeeping.RunCheck(ctx, fx.As[store.RoleWorkstation], safekeeping.CheckOptions{Rate: -1})
	if err != nil || len(run.Problems) != 0 || run.Files != 3 || run.Status != safekeeping.CheckComplete {
		t.Fatalf("clean check: %+v %v", run, err)
	}
	if due, next, _ := safekeeping.CheckDue(ctx, fx.St, 0); due || !next.Equal(run.StartedAt.Add(safekeeping.DefaultCheckInterval)) {
		t.Fatalf("due right after a check: %v %v", due, next)
	}

	p := fx.St.Archive().Path(changed.SHA256)
	os.Chmod(p, 0o644)
	b, _ := os.ReadFile(p)
	b[5] ^= 1
	os.WriteFile(p, b, 0o444)
	os.Chmod(fx.St.Archive().Path(missing.SHA256), 0o644)
	os.Remove(fx.St.Archive().Path(missing.SHA256))

	fx.Clock.Advance(safekeeping.DefaultCheckInterval)
	before := storetest.LedgerSize(t, fx.St)
	ran, run, err := safekeeping.ScheduledCheck(ctx, fx.As[store.RoleWorkstation], 0, safekeeping.CheckOptions{Rate: -1})
	if err != nil || !ran {
		t.Fatalf("scheduled check: %v %v", ran, err)
	}
	if len(run.Problems) != 2 {
		t.Fatalf("problems: %v", run.Problems)
	}
	text := run.Problems[0].String() + "\n" + run.Problems[1].String()
	for _, want := range []string{"content changed", changed.ID, "is missing", missing.ID} {
		if !strings.Contains(text, want) {
			t.Errorf("problems do not say %q:\n%s", want, text)
		}
	}
	var found, finished int
	for _, e := range storetest.EntriesSince(t, fx.St, before) {
		switch e.Action {
		case "check.problem":
			found++
		case "check.finish":
			finished++
			if !strings.Contains(string(e.Details), `"ok":false`) {
				t.Errorf("finish entry: %s", e.Details)
			}
		}
	}
	if found != 2 || finished != 1 {
		t.Fatalf("ledger: %d problems, %d finish entries", found, finished)
	}

	// Open until acknowledged; shown to everyone; a new check adds no duplicates.
	open, err := safekeeping.OpenProblems(ctx, fx.O2)
	if err != nil || len(open) != 2 {
		t.Fatalf("open problems: %v %v", open, err)
	}
	if _, err := safekeeping.RunCheck(ctx, fx.Keep, safekeeping.CheckOptions{Rate: -1}); err != nil {
		t.Fatal(err)
	}
	if open, _ = safekeeping.OpenProblems(ctx, fx.O2); len(open) != 2 {
		t.Fatalf("after a second check: %v", open)
	}
	if err := safekeeping.Acknowledge(ctx, fx.O2, open[0].ID, "seen"); !errors.Is(err, store.ErrRefused) {
		t.Fatalf("officer acknowledges: %v", err)
	}
	if err := safekeeping.Acknowledge(ctx, fx.Keep, open[0].ID, ""); err == nil {
		t.Fatal("acknowledged without a note")
	}
	for _, p := range open {
		if err := safekeeping.Acknowledge(ctx, fx.Keep, p.ID, "restored from the backup disk"); err != nil {
			t.Fatal(err)
		}
	}
	if err := safekeeping.Acknowledge(ctx, fx.Keep, open[0].ID, "again"); err == nil {
		t.Fatal("acknowledged twice")
	}
	if open, _ = safekeeping.OpenProblems(ctx, fx.O2); len(open) != 0 {
		t.Fatalf("after acknowledging: %v", open)
	}
}

func TestCheckResumesAfterAnInterruption(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	for _, c := range []string{"one", "two", "three", "four"} {
		storetest.ImportAs(t, fx.St, "recording "+c, c+".MP4", "1001")
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err := safekeeping.RunCheck(cctx, fx.Keep, safekeeping.CheckOptions{Rate: -1, Progress: func(p safekeeping.CheckProgress) {
		if p.Files == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, safekeeping.ErrCheckCancelled) {
		t.Fatalf("interrupted check: %v", err)
	}
	// The cancel is in the ledger, with how far it got; nothing says it passed.
	es, _ := fx.St.QueryLedger(ctx, ledger.Filter{ActionPrefix: "check."})
	if last := es[len(es)-1]; last.Action != "check.cancel" || !strings.Contains(string(last.Details), `"files_done":2`) {
		t.Fatalf("last check entry after a cancel: %s %s", last.Action, last.Details)
	}
	if due, _, _ := safekeeping.CheckDue(ctx, fx.St, 0); !due {
		t.Fatal("an unfinished check is not due")
	}
	// The process restarts: the data folder is opened anew.
	st, err := store.Open(fx.St.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.Now = fx.Clock.Now
	run, err := safekeeping.RunCheck(ctx, st.Workstation(), safekeeping.CheckOptions{Resume: true, Rate: -1})
	if err != nil || !run.Resumed || run.Files != 5 || run.Status != safekeeping.CheckComplete {
		t.Fatalf("resumed: %+v %v", run, err)
	}
	es, _ = st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "check."})
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "check.start check.cancel check.resume check.finish" {
		t.Fatalf("check entries: %s", got)
	}

	// Without Resume an unfinished run is abandoned and a new one starts.
	cctx, cancel = context.WithCancel(ctx)
	safekeeping.RunCheck(cctx, fx.Keep, safekeeping.CheckOptions{Rate: -1, Progress: func(safekeeping.CheckProgress) { cancel() }})
	run, err = safekeeping.RunCheck(ctx, fx.Keep, safekeeping.CheckOptions{Rate: -1})
	if err != nil || run.Resumed || run.Files != 5 {
		t.Fatalf("fresh run: %+v %v", run, err)
	}
}

func TestCheckIsThrottled(t *testing.T) {
	ctx := context.Background()
	fx := storetest.New(t)
	storetest.ImportAs(t, fx.St, strings.Repeat("x", 300<<10), "BIG.MP4", "1001")
	start := time.Now()
	if _, err := safekeeping.RunCheck(ctx, fx.Keep, safekeeping.CheckOptions{Rate: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("300 KiB at 1 MiB/s took %v", d)
	}
	// An import running slows it down further.
	run, err := records.BeginImport(ctx, fx.As[store.RoleWorkstation], records.ImportSpec{Source: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Finish(ctx, records.Summary{Status: store.StatusComplete})
	start = time.Now()
	var busy bool
	if _, err := safekeeping.RunCheck(ctx, fx.Keep, safekeeping.CheckOptions{Rate: -1, BusyRate: 1 << 20, Progress: func(p safekeeping.CheckProgress) { busy = busy || p.Busy }}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || !busy {
		t.Fatalf("while importing: %v busy %v", d, busy)
	}
}

func TestCheckRunsOneAtATime(t *testing.T) {
	fx := storetest.New(t)
	os.MkdirAll(filepath.Join(fx.St.Dir(), "locks"), 0o750)
	lock, err := filelock.Take(filepath.Join(fx.St.Dir(), "locks", "check.lock"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if _, err := safekeeping.RunCheck(context.Background(), fx.Keep, safekeeping.CheckOptions{}); !errors.Is(err, safekeeping.ErrCheckRunning) {
		t.Fatalf("second check: %v", err)
	}
}
