package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckFindsChangedByteAndMissingFile(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	changed := importAs(t, fx.st, "a recording whose byte will change", "B.MP4", "1001")
	missing := importAs(t, fx.st, "a recording that will vanish", "C.MP4", "1001")

	run, err := fx.as[RoleWorkstation].RunCheck(ctx, CheckOptions{Rate: -1})
	if err != nil || len(run.Problems) != 0 || run.Files != 3 || run.Status != CheckComplete {
		t.Fatalf("clean check: %+v %v", run, err)
	}
	if due, next, _ := fx.st.CheckDue(ctx, 0); due || !next.Equal(run.StartedAt.Add(DefaultCheckInterval)) {
		t.Fatalf("due right after a check: %v %v", due, next)
	}

	p := fx.st.archive.Path(changed.SHA256)
	os.Chmod(p, 0o644)
	b, _ := os.ReadFile(p)
	b[5] ^= 1
	os.WriteFile(p, b, 0o444)
	os.Chmod(fx.st.archive.Path(missing.SHA256), 0o644)
	os.Remove(fx.st.archive.Path(missing.SHA256))

	fx.clock.advance(DefaultCheckInterval)
	before := ledgerSize(t, fx.st)
	ran, run, err := fx.as[RoleWorkstation].ScheduledCheck(ctx, 0, CheckOptions{Rate: -1})
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
	for _, e := range entriesSince(t, fx.st, before) {
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
	open, err := fx.o2.OpenProblems(ctx)
	if err != nil || len(open) != 2 {
		t.Fatalf("open problems: %v %v", open, err)
	}
	if _, err := fx.keep.RunCheck(ctx, CheckOptions{Rate: -1}); err != nil {
		t.Fatal(err)
	}
	if open, _ = fx.o2.OpenProblems(ctx); len(open) != 2 {
		t.Fatalf("after a second check: %v", open)
	}
	if err := fx.o2.Acknowledge(ctx, open[0].ID, "seen"); !errors.Is(err, ErrRefused) {
		t.Fatalf("officer acknowledges: %v", err)
	}
	if err := fx.keep.Acknowledge(ctx, open[0].ID, ""); err == nil {
		t.Fatal("acknowledged without a note")
	}
	for _, p := range open {
		if err := fx.keep.Acknowledge(ctx, p.ID, "restored from the backup disk"); err != nil {
			t.Fatal(err)
		}
	}
	if err := fx.keep.Acknowledge(ctx, open[0].ID, "again"); err == nil {
		t.Fatal("acknowledged twice")
	}
	if open, _ = fx.o2.OpenProblems(ctx); len(open) != 0 {
		t.Fatalf("after acknowledging: %v", open)
	}
}

func TestCheckResumesAfterAnInterruption(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	for _, c := range []string{"one", "two", "three", "four"} {
		importAs(t, fx.st, "recording "+c, c+".MP4", "1001")
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err := fx.keep.RunCheck(cctx, CheckOptions{Rate: -1, Progress: func(p CheckProgress) {
		if p.Files == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted check: %v", err)
	}
	if due, _, _ := fx.st.CheckDue(ctx, 0); !due {
		t.Fatal("an unfinished check is not due")
	}
	// The process restarts: the data folder is opened anew.
	st, err := Open(fx.st.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.Now = fx.clock.now
	run, err := st.Workstation().RunCheck(ctx, CheckOptions{Resume: true, Rate: -1})
	if err != nil || !run.Resumed || run.Files != 5 || run.Status != CheckComplete {
		t.Fatalf("resumed: %+v %v", run, err)
	}
	es, _ := st.queryLedger(ctx, LedgerFilter{ActionPrefix: "check."})
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "check.start check.resume check.finish" {
		t.Fatalf("check entries: %s", got)
	}

	// Without Resume an unfinished run is abandoned and a new one starts.
	cctx, cancel = context.WithCancel(ctx)
	fx.keep.RunCheck(cctx, CheckOptions{Rate: -1, Progress: func(CheckProgress) { cancel() }})
	run, err = fx.keep.RunCheck(ctx, CheckOptions{Rate: -1})
	if err != nil || run.Resumed || run.Files != 5 {
		t.Fatalf("fresh run: %+v %v", run, err)
	}
}

func TestCheckIsThrottled(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	importAs(t, fx.st, strings.Repeat("x", 300<<10), "BIG.MP4", "1001")
	start := time.Now()
	if _, err := fx.keep.RunCheck(ctx, CheckOptions{Rate: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("300 KiB at 1 MiB/s took %v", d)
	}
	// An import running slows it down further.
	run, err := fx.as[RoleWorkstation].BeginImport(ctx, ImportSpec{Source: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Finish(ctx, Summary{Status: StatusComplete})
	start = time.Now()
	var busy bool
	if _, err := fx.keep.RunCheck(ctx, CheckOptions{Rate: -1, BusyRate: 1 << 20, Progress: func(p CheckProgress) { busy = busy || p.Busy }}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || !busy {
		t.Fatalf("while importing: %v busy %v", d, busy)
	}
}

func TestCheckRunsOneAtATime(t *testing.T) {
	fx := newFixture(t)
	os.MkdirAll(filepath.Join(fx.st.Dir(), "locks"), 0o750)
	lock, err := lockFile(filepath.Join(fx.st.Dir(), "locks", "check.lock"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	if _, err := fx.keep.RunCheck(context.Background(), CheckOptions{}); !errors.Is(err, ErrCheckRunning) {
		t.Fatalf("second check: %v", err)
	}
}
