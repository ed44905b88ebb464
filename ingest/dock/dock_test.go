package dock

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"evidock/custody"
	"evidock/followups"
	"evidock/internal/mounttest"
	"evidock/ledger"
	"evidock/records"
	"evidock/safekeeping"
	"evidock/store"
)

// A recorder's shift: three clips, a 15-minute interruption, recorded two
// days ago (so imported late) — and its identity, times and gaps as docked.
func TestDockFolderRecorder(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	register(t, h.st, "DEV001", "A1001")
	now := time.Now()
	day := time.Date(now.Year(), now.Month(), now.Day()-2, 0, 0, 0, 0, time.Local) // local midnight two days ago
	s1 := day.Add(8*time.Hour + 15*time.Minute).UTC()
	s2 := s1.Add(4*time.Second + 30*time.Second) // a pause under the threshold
	s3 := s2.Add(4*time.Second + 15*time.Minute) // an interruption
	stage := t.TempDir() + "/cam"
	recorder(t, stage, "DEV001", "A1001", s1, s2, s3)
	vol := filepath.Join(root, "cam1")
	if err := os.Rename(stage, vol); err != nil {
		t.Fatal(err)
	}
	rec := h.wait(t, Recognised, vol, 5*time.Second)
	if rec.Profile != "generic" || rec.Serial != "DEV001" || rec.Officer != "A1001" || !rec.Registered {
		t.Fatalf("recognised as %+v", rec)
	}
	fin := h.wait(t, Finished, vol, 20*time.Second)
	if r := fin.Result; r.Status != store.StatusComplete || r.New != 3 || !r.SafeToPull {
		t.Fatalf("result %+v", r)
	}
	if len(fin.Result.Late) != 3 {
		t.Errorf("late recordings %v, want all 3 (recorded two days ago)", fin.Result.Late)
	}
	gaps := h.wait(t, Interruptions, vol, 5*time.Second)
	if len(gaps.Gaps) != 1 || gaps.Gaps[0].Seconds != 15*60 {
		t.Fatalf("gaps %+v, want one of 900 s", gaps.Gaps)
	}
	recs := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "DEV001"})
	if len(recs) != 3 {
		t.Fatalf("%d recordings", len(recs))
	}
	for _, r := range recs {
		if r.TimeSource != records.TimeFromMetadata || r.DurationS < 3.5 || r.DurationS > 4.5 || r.OfficerID != "A1001" || !r.Late {
			t.Errorf("recording %s: source %s, duration %.1f, officer %s, late %v", r.OriginalName, r.TimeSource, r.DurationS, r.OfficerID, r.Late)
		}
		if !slices.Contains([]time.Time{s1, s2, s3}, r.RecordedAt) {
			t.Errorf("recording %s recorded at %v, want one of the clip starts", r.OriginalName, r.RecordedAt)
		}
	}
	sess := h.st.Workstation()
	tl, err := followups.TimelineOf(context.Background(), sess, "DEV001", day.Format(time.DateOnly))
	if err != nil || len(tl.Clips) != 3 || len(tl.Gaps) != 1 || !tl.Start.Equal(s1) || !tl.End.Equal(s3.Add(4*time.Second)) {
		t.Fatalf("timeline %+v, %v", tl, err)
	}
	if err := followups.Explain(context.Background(), sess, tl.Gaps[0].ID, "battery", "电量不足，换电池", true); err != nil {
		t.Fatal(err)
	}
	if open, _ := followups.Gaps(context.Background(), sess, "DEV001", true); len(open) != 0 {
		t.Fatalf("gap still open after explanation: %+v", open)
	}
	// Docking the same recorder again copies nothing.
	os.Rename(vol, stage)
	h.wait(t, "volume_gone", vol, 5*time.Second)
	h.seen = nil
	os.Rename(stage, vol)
	again := h.wait(t, Finished, vol, 20*time.Second)
	if r := again.Result; r.Status != store.StatusComplete || r.New != 0 || r.Skipped != 3 {
		t.Fatalf("re-dock %+v", r)
	}
}

// A recorder whose clock runs ahead (its newest file is dated ten minutes
// in the future) is flagged, and its recordings' times are corrected.
func TestDockClockOffset(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	register(t, h.st, "DEV002", "A1002")
	ahead := 10 * time.Minute
	s := time.Now().UTC().Add(ahead).Add(-4 * time.Second).Truncate(time.Second) // its last file ends "now" on the recorder
	stage := t.TempDir() + "/cam"
	recorder(t, stage, "DEV002", "A1002", s)
	vol := filepath.Join(root, "cam")
	os.Rename(stage, vol)
	rec := h.wait(t, Recognised, vol, 5*time.Second)
	if !slices.Contains(rec.Flags, records.FlagClockOffset) || rec.ClockOffsetS < 590 || rec.ClockOffsetS > 615 {
		t.Fatalf("recognised %+v; want clock_offset of about 600 s", rec)
	}
	h.wait(t, Finished, vol, 20*time.Second)
	r := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "DEV002"})[0]
	if !slices.Contains(r.Flags, records.FlagClockOffset) {
		t.Errorf("recording flags %v", r.Flags)
	}
	if d := r.RecordedAt.Sub(s.Add(-ahead)); d < -15*time.Second || d > 15*time.Second {
		t.Errorf("recorded at %v, want about %v (corrected by the offset)", r.RecordedAt, s.Add(-ahead))
	}
}

// Unknown layouts are reported and never imported; unregistered recorders
// and clips naming another officer are imported and flagged.
func TestDockUnknownsAndMismatches(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	register(t, h.st, "DEV003", "A1003")
	ctx := context.Background()

	stranger := t.TempDir() + "/usb"
	os.MkdirAll(filepath.Join(stranger, "Documents"), 0o755)
	os.WriteFile(filepath.Join(stranger, "Documents", "report.mp4"), []byte("not a recorder"), 0o644)
	os.Rename(stranger, filepath.Join(root, "usb"))
	h.wait(t, Unrecognised, filepath.Join(root, "usb"), 5*time.Second)

	now := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	lent := t.TempDir() + "/lent"
	recorder(t, lent, "DEV003", "B2002", now) // worn by another officer (Art. 20(2))
	os.Rename(lent, filepath.Join(root, "lent"))
	h.wait(t, Finished, filepath.Join(root, "lent"), 20*time.Second)

	unknown := t.TempDir() + "/unknown"
	recorder(t, unknown, "DEV999", "A1003", now.Add(time.Minute))
	os.Rename(unknown, filepath.Join(root, "unknown"))
	rec := h.wait(t, Recognised, filepath.Join(root, "unknown"), 5*time.Second)
	if rec.Registered || !slices.Contains(rec.Flags, records.FlagUnregisteredDevice) {
		t.Fatalf("unregistered recorder recognised as %+v", rec)
	}
	h.wait(t, Finished, filepath.Join(root, "unknown"), 20*time.Second)

	if n := len(recordingsOf(t, h.st, records.RecordingFilter{Text: "report"})); n != 0 {
		t.Fatalf("%d recordings imported from an unrecognised volume", n)
	}
	lentRec := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "DEV003"})
	if len(lentRec) != 1 || !slices.Contains(lentRec[0].Flags, records.FlagOfficerMismatch) || lentRec[0].OfficerID != "B2002" {
		t.Fatalf("lent recorder's recording %+v", lentRec)
	}
	unk := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "DEV999"})
	if len(unk) != 1 || !slices.Contains(unk[0].Flags, records.FlagUnregisteredDevice) {
		t.Fatalf("unregistered recorder's recording %+v", unk)
	}
	flagged := recordingsOf(t, h.st, records.RecordingFilter{Flag: records.FlagOfficerMismatch})
	if len(flagged) != 1 {
		t.Fatalf("flag filter found %d", len(flagged))
	}
	_ = ctx
}

// Ten recorders docked at once are all imported, none mixed up.
func TestDockTenAtOnce(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	base := time.Now().UTC().Truncate(time.Second).Add(-2 * time.Hour)
	var stages []string
	for i := range 10 {
		serial, officer := fmt.Sprintf("CAM%02d", i), fmt.Sprintf("P%03d", i)
		register(t, h.st, serial, officer)
		stage := filepath.Join(t.TempDir(), "v")
		recorder(t, stage, serial, officer, base.Add(time.Duration(i)*time.Minute), base.Add(time.Duration(i)*time.Minute+5*time.Second))
		stages = append(stages, stage)
	}
	for i, s := range stages {
		if err := os.Rename(s, filepath.Join(root, fmt.Sprintf("vol%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 10 {
		fin := h.wait(t, Finished, filepath.Join(root, fmt.Sprintf("vol%02d", i)), 60*time.Second)
		if fin.Result.Status != store.StatusComplete || fin.Result.New != 2 {
			t.Fatalf("vol%02d: %+v", i, fin.Result)
		}
	}
	for i := range 10 {
		recs := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: fmt.Sprintf("CAM%02d", i)})
		if len(recs) != 2 {
			t.Fatalf("CAM%02d has %d recordings", i, len(recs))
		}
		for _, r := range recs {
			if r.OfficerID != fmt.Sprintf("P%03d", i) || !slices.Contains([]string{fmt.Sprintf("CAM%02d_P%03d", i, i)}, r.OriginalName[:len("CAM00_P000")]) {
				t.Errorf("CAM%02d recording %s belongs to officer %s", i, r.OriginalName, r.OfficerID)
			}
		}
	}
}

// A profile that asks for it wipes the recorder, one ledger entry per file,
// only after everything on it is verified.
func TestDockWipeAfterVerifiedImport(t *testing.T) {
	root := t.TempDir()
	data := t.TempDir()
	os.MkdirAll(filepath.Join(data, "profiles"), 0o755)
	os.WriteFile(filepath.Join(data, "profiles", "wiping.json"), []byte(`{
		"name": "wiping-cam", "description": "test recorder that is wiped after import",
		"markers_all": ["WIPE_ME/"], "id_files": ["DEVICE_ID.TXT"], "recording_dirs": ["DCIM"],
		"name_patterns": ["^(?P<serial>[A-Z0-9]+)_(?P<officer>[A-Z0-9]+)_(?P<start>\\d{14})"],
		"local_time": true, "wipe_after_import": true}`), 0o644)
	h := startIn(t, data, root, true)
	register(t, h.st, "DEV020", "A1020")
	s := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	stage := filepath.Join(t.TempDir(), "v")
	recorder(t, stage, "DEV020", "A1020", s, s.Add(time.Minute))
	os.Mkdir(filepath.Join(stage, "WIPE_ME"), 0o755)
	vol := filepath.Join(root, "w")
	os.Rename(stage, vol)
	if rec := h.wait(t, Recognised, vol, 5*time.Second); rec.Profile != "wiping-cam" {
		t.Fatalf("recognised as %s", rec.Profile)
	}
	w := h.wait(t, Wiped, vol, 20*time.Second)
	if len(w.Files) != 2 {
		t.Fatalf("wiped %v", w.Files)
	}
	left, _ := filepath.Glob(filepath.Join(vol, "DCIM", "*"))
	if len(left) != 0 {
		t.Fatalf("left on the recorder: %v", left)
	}
	entries, _ := records.Ledger(context.Background(), h.st.Workstation(), ledger.Filter{ActionPrefix: "recorder.wipe"})
	if len(entries) != 2 {
		t.Fatalf("%d recorder.wipe entries", len(entries))
	}
	if rep, _ := safekeeping.Verify(context.Background(), h.st.Workstation(), nil); !rep.OK {
		t.Fatalf("verify: %v", rep.Problems)
	}
}

// The same over a real tmpfs moved under a watched (non-folder-mode) root:
// detection within 2 s of the mount appearing, then a verified import.
func TestDockRealTmpfs(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	h := start(t, root, false)
	register(t, h.st, "DEV010", "A1010")
	stage := filepath.Join(t.TempDir(), "stage")
	mounttest.Tmpfs(t, stage, "16m")
	s := shiftStart(time.Hour, 10*time.Minute)
	recorder(t, stage, "DEV010", "A1010", s, s.Add(10*time.Minute))
	vol := filepath.Join(root, "REC")
	os.Mkdir(vol, 0o755)
	t0 := time.Now()
	if b, err := exec.Command("mount", "--move", stage, vol).CombinedOutput(); err != nil {
		t.Fatalf("mount --move: %v %s", err, b)
	}
	t.Cleanup(func() { mounttest.Umount(vol) })
	h.wait(t, VolumeSeen, vol, 2*time.Second)
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("detected after %v", d)
	}
	fin := h.wait(t, Finished, vol, 20*time.Second)
	if fin.Result.Status != store.StatusComplete || fin.Result.New != 2 {
		t.Fatalf("%+v", fin.Result)
	}
	g := h.wait(t, Interruptions, vol, 5*time.Second)
	if len(g.Gaps) != 1 {
		t.Fatalf("gaps %+v", g.Gaps)
	}
	if err := mounttest.Umount(vol); err != nil {
		t.Fatal(err)
	}
	h.wait(t, VolumeGone, vol, 2*time.Second)
}

// A real FAT image through fusefat, with a Chinese folder name.
func TestDockRealFAT(t *testing.T) {
	mounttest.RequireRoot(t)
	mounttest.RequireTool(t, "fusefat")
	root := t.TempDir()
	h := start(t, root, false)
	register(t, h.st, "FAT001", "A2001")
	img := mounttest.FATImage(t, 32, "BODYCAM")
	// fusefat shows FAT times a month late; keep the files' times well in
	// the past so the clock check is not misled by it.
	old := time.Now().AddDate(0, -3, 0)
	s := shiftStart(3*time.Hour, 20*time.Minute)
	mounttest.FATPut(t, img, "DEVICE_ID.TXT", []byte("FAT001\r\n"), old)
	for i, at := range []time.Time{s, s.Add(20 * time.Minute)} {
		name := fmt.Sprintf("录像/FAT001_A2001_%s.mp4", at.In(time.Local).Format("20060102150405"))
		mounttest.FATPut(t, img, name, clip(t, at, 4), old.Add(time.Duration(i)*time.Minute))
	}
	vol := filepath.Join(root, "BODYCAM")
	t0 := time.Now()
	mounttest.MountFAT(t, img, vol)
	h.wait(t, VolumeSeen, vol, 2*time.Second)
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("detected after %v", d)
	}
	rec := h.wait(t, Recognised, vol, 5*time.Second)
	if rec.Serial != "FAT001" || rec.Officer != "A2001" {
		t.Fatalf("recognised %+v", rec)
	}
	fin := h.wait(t, Finished, vol, 20*time.Second)
	if fin.Result.Status != store.StatusComplete || fin.Result.New != 2 {
		t.Fatalf("%+v", fin.Result)
	}
	recs := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "FAT001"})
	for _, r := range recs {
		if r.TimeSource != records.TimeFromMetadata || (!r.RecordedAt.Equal(s) && !r.RecordedAt.Equal(s.Add(20*time.Minute))) {
			t.Errorf("%s: %s %v", r.SourcePath, r.TimeSource, r.RecordedAt)
		}
	}
	if g := h.wait(t, Interruptions, vol, 5*time.Second); len(g.Gaps) != 1 {
		t.Fatalf("gaps %+v", g.Gaps)
	}
}

// A pool recorder assigned to nobody but checked out for the shift is
// imported for the officer who has it, not flagged.
func TestDockPoolRecorderCheckedOut(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	ctx := context.Background()
	sess, _ := h.st.Setup(ctx)
	sess.AddOfficer(ctx, store.Officer{Number: "C3003", Name: "孙七"})
	if err := sess.AddDevice(ctx, store.Device{Serial: "POOL1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := custody.CheckOut(ctx, sess, custody.Checkout{Device: "POOL1", Officer: "C3003"}); err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(t.TempDir(), "v")
	recorder(t, stage, "POOL1", "C3003", time.Now().UTC().Truncate(time.Second).Add(-time.Hour))
	vol := filepath.Join(root, "pool")
	os.Rename(stage, vol)
	rec := h.wait(t, Recognised, vol, 5*time.Second)
	if rec.Officer != "C3003" || slices.Contains(rec.Flags, records.FlagUnregisteredDevice) {
		t.Fatalf("pool recorder recognised as %+v", rec)
	}
	h.wait(t, Finished, vol, 20*time.Second)
	r := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "POOL1"})
	if len(r) != 1 || r[0].OfficerID != "C3003" || slices.Contains(r[0].Flags, records.FlagOfficerMismatch) {
		t.Fatalf("recording %+v", r)
	}
}

// A volume no profile recognises is not imported; once a person registers
// it (profile and the serial read off its label), DockAs imports it under
// that serial for the recorder's officer.
func TestDockAsRegisteredSerial(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	register(t, h.st, "VR-77", "A7007")
	vol := filepath.Join(root, "voice")
	stage := filepath.Join(t.TempDir(), "v")
	os.MkdirAll(filepath.Join(stage, "VOICE"), 0o755)
	os.WriteFile(filepath.Join(stage, "VOICE", "memo.wav"), []byte("RIFF not really"), 0o644)
	os.Rename(stage, vol)
	h.wait(t, Unrecognised, vol, 5*time.Second)
	if n := len(recordingsOf(t, h.st, records.RecordingFilter{})); n != 0 {
		t.Fatalf("%d recordings imported from an unrecognised volume", n)
	}
	h.mu.Lock()
	h.seen = nil
	h.mu.Unlock()
	docked := make(chan struct{})
	go func() {
		defer close(docked)
		h.svc.DockAs(context.Background(), nil, Request{Dir: vol, Label: "voice", Profile: "voice-recorder", Serial: "VR-77"}, h.events)
	}()
	fin := h.wait(t, Finished, vol, 10*time.Second)
	<-docked // it may still report (the timeline) after Finished, and must not once the test has closed the events
	recs := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "VR-77"})
	if fin.Result.Status != store.StatusComplete || len(recs) != 1 || recs[0].OfficerID != "A7007" {
		t.Fatalf("after DockAs: %+v (%+v)", recs, fin.Result)
	}
}

// A recorder issued for remote work (Art. 13) and docked on its return:
// clips of days before are on time, since the 24 hours run from the
// return; the custody record shows the docking as the return.
func TestDockRemoteWorkReturn(t *testing.T) {
	root := t.TempDir()
	h := start(t, root, true)
	register(t, h.st, "REM1", "R1001")
	ctx := context.Background()
	sess, _ := h.st.Setup(ctx)
	if _, err := custody.CheckOut(ctx, sess, custody.Checkout{Device: "REM1", Officer: "R1001", Remote: true, Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(t.TempDir(), "v")
	recorder(t, stage, "REM1", "R1001", time.Now().AddDate(0, 0, -2).Truncate(time.Second))
	vol := filepath.Join(root, "rem")
	os.Rename(stage, vol)
	fin := h.wait(t, Finished, vol, 20*time.Second)
	if len(fin.Result.Late) != 0 {
		t.Errorf("late %v: a remote recorder's clips are on time within 24 h of its return", fin.Result.Late)
	}
	recs := recordingsOf(t, h.st, records.RecordingFilter{DeviceID: "REM1"})
	if len(recs) != 1 || recs[0].Late {
		t.Fatalf("recordings %+v", recs)
	}
	cs, err := custody.CustodyOf(ctx, h.st, "REM1")
	if err != nil || len(cs) != 1 || cs[0].ReturnedBy != "dock" || !cs[0].Remote {
		t.Fatalf("custody %+v %v", cs, err)
	}
}
