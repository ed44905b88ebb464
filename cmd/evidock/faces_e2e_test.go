package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"evidock/internal/storetest"

	"fyne.io/fyne/v2/test"

	"evidock/app"
	"evidock/ingest/volume"
	"evidock/internal/mounttest"
	"evidock/ledger"
	"evidock/store"
)

// Issue 16: the same recorder docked through `import`, through `watch` (a
// real tmpfs mount, as root) and through the window's docking controller
// gives the same recordings (content, name, recorder, officer, time and
// its source, flags, category) and the same ledger actions: the three
// faces dock through one core.
func TestThreeFacesDockAlike(t *testing.T) {
	onceAcrossZones(t)
	// The window runs in this process, so every face runs in its zone.
	zone := os.Getenv("TZ")
	if _, off := time.Now().Zone(); zone == "" && off == 0 {
		zone = "UTC"
	}
	if zone == "" {
		t.Skip("set TZ (make test runs with TZ=UTC) so that the processes share the window's zone")
	}
	stage := t.TempDir()
	bodycam(t, stage, "CAMF1", time.Local, true, shiftStarts...)
	writeFile(t, stage, "DCIM/notes.txt", []byte("not a recording"))
	writeFile(t, stage, "DCIM/EMPTY0001.MP4", nil)
	writeFile(t, stage, "Record/录音_CAMF1_071234_20261128094500.WAV", wavClip(t))

	// import
	viaImport := newProc(t, "")
	viaImport.tz = zone
	vol := filepath.Join(t.TempDir(), "REC")
	storetest.CopyFolder(t, stage, vol)
	viaImport.ok("", "", "import", "--json", vol)

	// watch, on a real mount when root
	viaWatch := newProc(t, "")
	viaWatch.tz = zone
	root := t.TempDir()
	watchDocks(t, viaWatch, root, stage)

	// the window's controller, on the window's own docking service
	viaWindow := newProc(t, "")
	viaWindow.tz = zone
	windowDocks(t, viaWindow.data, stage)

	want := dockedState(t, viaImport)
	if len(want.Recordings) != 4 {
		t.Fatalf("import archived %d recordings, want 4: %+v", len(want.Recordings), want.Recordings)
	}
	for face, p := range map[string]*proc{"watch": viaWatch, "window": viaWindow} {
		got := dockedState(t, p)
		if !slices.Equal(got.Recordings, want.Recordings) {
			t.Errorf("%s's recordings differ from import's:\n%s\nimport:\n%s", face, strings.Join(got.Recordings, "\n"), strings.Join(want.Recordings, "\n"))
		}
		if !slices.Equal(got.Actions, want.Actions) {
			t.Errorf("%s's ledger actions differ from import's:\n%v\nimport:\n%v", face, got.Actions, want.Actions)
		}
	}
}

// docked is what a data folder says of a docking, without what differs by
// nature (ids, the instants of the import).
type docked struct {
	Recordings []string // one line a recording, sorted
	Actions    []string // the ledger's actions, sorted (files of one import are recorded in the order their copies end), without lookups
}

func dockedState(t *testing.T, p *proc) docked {
	t.Helper()
	var recs []struct {
		recordingJSON
		Category string `json:"category"`
		Kind     string `json:"kind"`
		Size     int64  `json:"size"`
	}
	p.JSON("", "", &recs, "recordings", "--json")
	var d docked
	for _, r := range recs {
		flags := slices.Clone(r.Flags)
		sort.Strings(flags)
		d.Recordings = append(d.Recordings, fmt.Sprintf("%s %s %d %s officer=%s device=%s at=%s from=%s flags=%v category=%s",
			r.SHA256[:12], r.Name, r.Size, r.Kind, r.Officer, r.Device, r.RecordedAt, r.TimeSource, flags, r.Category))
	}
	sort.Strings(d.Recordings)
	var entries []ledger.Entry
	p.JSON("", "", &entries, "ledger", "--json")
	for _, e := range entries {
		if strings.HasSuffix(e.Action, ".read") || strings.HasSuffix(e.Action, ".list") {
			continue // the test's own lookups
		}
		if strings.HasPrefix(e.Action, "check.") || strings.HasPrefix(e.Action, "backup.") || strings.HasPrefix(e.Action, "replicate.") {
			continue // scheduled maintenance a long-running face may start on its own, not docking
		}
		d.Actions = append(d.Actions, e.Action)
	}
	sort.Strings(d.Actions)
	return d
}

// watchDocks runs `evidock watch` on root and docks a copy of stage into
// it — a tmpfs mounted there when run as root, a folder renamed in
// otherwise — and waits for the docking to finish.
func watchDocks(t *testing.T, p *proc, root, stage string) {
	t.Helper()
	events := p.watch(root)
	time.Sleep(500 * time.Millisecond)
	target := filepath.Join(root, "REC")
	if os.Geteuid() == 0 {
		mnt := filepath.Join(t.TempDir(), "mnt")
		os.Mkdir(mnt, 0o755)
		mounttest.Tmpfs(t, mnt, "64m")
		storetest.CopyFolder(t, stage, filepath.Join(mnt))
		os.Mkdir(target, 0o755)
		if b, err := exec.Command("mount", "--move", mnt, target).CombinedOutput(); err != nil {
			t.Fatalf("mount --move: %v %s", err, b)
		}
		t.Cleanup(func() { mounttest.Umount(target) })
	} else {
		t.Log("not root: the watched recorder is a folder, not a mount")
		moveIn(t, stage, target)
	}
	if e := finished(t, events, 60*time.Second); e.Result == nil || e.Result.Status != store.StatusComplete {
		t.Fatalf("watch's docking: %+v", e)
	}
}

// windowDocks opens the window (Fyne's test driver) on data, with its
// docking service watching a folder, docks a copy of stage there and waits
// until the import is complete.
func windowDocks(t *testing.T, data, stage string) {
	t.Helper()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := t.TempDir()
	ui, err := app.New(ctx, test.NewTempApp(t), st, app.Options{Roots: []volume.Root{{Path: root, FolderMode: true}},
		OnlyRoots: true, PollInterval: 100 * time.Millisecond, ManualBridge: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ui.Close()
	moveIn(t, stage, filepath.Join(root, "REC"))
	deadline := time.Now().Add(60 * time.Second)
	for {
		ui.Flush() // the window's work, here: Fyne's test driver runs it on the caller's goroutine
		var status string
		st.DB().QueryRow(`SELECT status FROM imports ORDER BY started_at DESC LIMIT 1`).Scan(&status)
		if status == store.StatusComplete {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the window did not dock the recorder within a minute (import %q)", status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// moveIn copies stage into a temp folder and renames the copy to to, so that a
// watcher sees the whole recorder appear at once.
func moveIn(t *testing.T, stage, to string) {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), "staging")
	storetest.CopyFolder(t, stage, tmp)
	if err := os.Rename(tmp, to); err != nil {
		t.Fatal(err)
	}
}
