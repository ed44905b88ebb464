package main

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"evidock/ingest/dock"
	"evidock/internal/mounttest"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

// hostileVolume lays out, on a real tmpfs, a recorder's volume that holds
// one real clip among everything a hostile or broken file system can hold,
// and returns the mount point and what each hostile entry must be reported
// as.
func hostileVolume(t *testing.T) (string, map[string]string) {
	t.Helper()
	vol := filepath.Join(t.TempDir(), "vol")
	if err := os.Mkdir(vol, 0o755); err != nil {
		t.Fatal(err)
	}
	mounttest.Tmpfs(t, vol, "64m")
	writeFile(t, vol, "DEVICE_ID.TXT", []byte("HOST1\n"))
	writeFile(t, vol, "DCIM/HOST1_A1_20261201100000.mp4", mp4Clip(t, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), 2))
	dcim := filepath.Join(vol, "DCIM")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{}
	must(syscall.Mkfifo(filepath.Join(dcim, "HOST1_A1_20261201110000.mp4"), 0o644))
	want["DCIM/HOST1_A1_20261201110000.mp4"] = "not_regular"
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(dcim, "sock.mp4"), Net: "unix"})
	must(err)
	t.Cleanup(func() { l.Close() })
	want["DCIM/sock.mp4"] = "not_regular"
	must(syscall.Mknod(filepath.Join(dcim, "zero.mp4"), syscall.S_IFCHR|0o644, int(1<<8|5))) // /dev/zero's numbers
	want["DCIM/zero.mp4"] = "not_regular"
	must(os.Symlink("/etc/passwd", filepath.Join(dcim, "passwd.mp4")))
	want["DCIM/passwd.mp4"] = "symlink"
	must(os.Symlink("loop.mp4", filepath.Join(dcim, "loop.mp4")))
	want["DCIM/loop.mp4"] = "symlink"
	must(os.Symlink("/", filepath.Join(vol, "root")))
	want["root"] = "symlink"
	must(os.Symlink("..", filepath.Join(dcim, "up")))
	want["DCIM/up"] = "symlink"
	// A name with control bytes (an escape sequence), and one that is not UTF-8.
	writeFile(t, vol, "DCIM/\x1b]0;pwned\x07clip.mp4", mp4Clip(t, time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC), 2))
	writeFile(t, vol, "DCIM/\xff\xfeclip.mp4", mp4Clip(t, time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC), 2))
	// 4 GiB that claims to be a clip and holds nothing.
	sparse, err := os.Create(filepath.Join(dcim, "HOST1_A1_20261201120000.mp4"))
	must(err)
	must(sparse.Truncate(4 << 30))
	sparse.Close()
	// A thousand folders deep.
	deep := filepath.Join(vol, "deep")
	p := deep
	for range 1000 {
		p = filepath.Join(p, "d")
	}
	must(os.MkdirAll(p, 0o755))
	writeFile(t, p, "bottom.mp4", []byte("never reached"))
	return vol, want
}

// checkHostile checks what a docking of the hostile volume gave.
func checkHostile(t *testing.T, res dock.Result, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, s := range res.NotImported {
		got[s.Path] = s.Reason
	}
	for p, reason := range want {
		if got[p] != reason {
			t.Errorf("%q: reported %q, want %q", p, got[p], reason)
		}
	}
	tooDeep := false
	for p, reason := range got {
		tooDeep = tooDeep || reason == "too_deep" && strings.HasPrefix(p, "deep/")
	}
	if !tooDeep {
		t.Errorf("the thousand-deep tree is not reported too deep: %v", got)
	}
	// The real clip, both odd names and the sparse file are in; nothing of
	// /etc/passwd is.
	if res.Status != store.StatusComplete || res.New != 4 || !res.SafeToPull {
		t.Errorf("result %+v", res)
	}
}

// Issue 16: a hostile volume through import: never blocks, never leaves the
// volume, reports every entry, and imports the rest in normal time.
func TestHostileVolumeImport(t *testing.T) {
	onceAcrossZones(t)
	mounttest.RequireRoot(t)
	vol, want := hostileVolume(t)
	c := testCLI{T: t, Data: t.TempDir()}
	// No time limit here (it failed under a loaded machine, not a slow
	// import): a hang is the suite's timeout, speed is bench/import.sh.
	code, out, errOut := c.Run("", "", "", "", "import", "--json", vol)
	var res dock.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import: exit %d %v\n%s%s", code, err, out, errOut)
	}
	checkHostile(t, res, want)
	var recs []recordingJSON
	json.Unmarshal([]byte(c.OK("", "", "recordings", "--json")), &recs)
	names := map[string]recordingJSON{}
	for _, r := range recs {
		names[r.Name] = r
	}
	if _, ok := names[`\xff\xfeclip.mp4`]; !ok {
		t.Errorf("the name that is not UTF-8 is not recorded as shown: %v", names)
	}
	sp, ok := names["HOST1_A1_20261201120000.mp4"]
	if !ok || !containsFlag(sp.Flags, records.FlagNotMedia) {
		t.Errorf("the sparse file: %+v", sp)
	}
	// The terminal sees the escape as text.
	_, table, _ := c.Run("", "", "", "", "recordings")
	if strings.Contains(table, "\x1b") || !strings.Contains(table, `\u001b]0;pwned\u0007clip.mp4`) {
		t.Errorf("recordings printed the name raw:\n%q", table)
	}
	// The 4 GiB of zeros take no room in the archive.
	var used int64
	filepath.Walk(filepath.Join(c.Data, "archive"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			used += fi.Sys().(*syscall.Stat_t).Blocks * 512
		}
		return nil
	})
	if used > 64<<20 {
		t.Errorf("the archive takes %d bytes: the sparse file was not copied sparse", used)
	}
	c.OK("", "", "verify")
}

func containsFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// The same volume through watch, on a real mount: docked, and watch stops
// within five seconds of SIGTERM.
func TestHostileVolumeWatch(t *testing.T) {
	onceAcrossZones(t)
	mounttest.RequireRoot(t)
	vol, want := hostileVolume(t)
	p := newProc(t, "")
	root := t.TempDir()
	cmd := exec.Command(p.bin, "--data", p.data, "watch", "--folder-roots", root, "--json")
	cmd.Env = append(os.Environ(), "TZ="+p.tz)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	time.Sleep(500 * time.Millisecond)
	target := filepath.Join(root, "REC")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("mount", "--move", vol, target).CombinedOutput(); err != nil {
		t.Fatalf("mount --move: %v %s", err, b)
	}
	t.Cleanup(func() { mounttest.Umount(target) })
	events := bufio.NewScanner(stdout)
	events.Buffer(make([]byte, 1<<20), 1<<24)
	done := make(chan dock.Result, 1)
	var started = make(chan struct{}, 4)
	go func() {
		for events.Scan() {
			var e dock.Event
			if json.Unmarshal(events.Bytes(), &e) != nil {
				continue
			}
			switch e.Type {
			case dock.Finished:
				done <- *e.Result
			case dock.ImportStarted:
				started <- struct{}{}
			}
		}
	}()
	select {
	case res := <-done:
		checkHostile(t, res, want)
	case <-time.After(120 * time.Second):
		t.Fatal("watch did not dock the hostile volume within two minutes")
	}
	<-started
	// A second recorder whose 4 GiB take a while: SIGTERM in the middle of
	// it stops watch within five seconds, and the import ends interrupted.
	big := filepath.Join(t.TempDir(), "big")
	os.Mkdir(big, 0o755)
	mounttest.Tmpfs(t, big, "16m")
	writeFile(t, big, "DEVICE_ID.TXT", []byte("HOST2\n"))
	f, err := os.Create(filepath.Join(big, "DCIM", "HOST2_A1_20261201120000.mp4"))
	if err != nil {
		os.MkdirAll(filepath.Join(big, "DCIM"), 0o755)
		f, err = os.Create(filepath.Join(big, "DCIM", "HOST2_A1_20261201120000.mp4"))
	}
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(4 << 30)
	f.Close()
	target2 := filepath.Join(root, "REC2")
	os.Mkdir(target2, 0o755)
	if b, err := exec.Command("mount", "--move", big, target2).CombinedOutput(); err != nil {
		t.Fatalf("mount --move: %v %s", err, b)
	}
	t.Cleanup(func() { mounttest.Umount(target2) })
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the second recorder's import did not start")
	}
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not stop within 5 s of SIGTERM")
	}
	var ends []ledger.Entry
	p.JSON("", "", &ends, "ledger", "--action", "import.end", "--json")
	var statuses []string
	for _, e := range ends {
		var d struct {
			Status string `json:"status"`
		}
		json.Unmarshal(e.Details, &d)
		statuses = append(statuses, d.Status)
	}
	if len(statuses) != 2 || statuses[1] != store.StatusInterrupted {
		t.Errorf("import.end statuses %v: the second import must end interrupted", statuses)
	}
}
