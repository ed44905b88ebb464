package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/internal/cli"
)

// The release binary has no test clock: EVIDOCK_TEST_NOW changes nothing.
func TestReleaseBinaryIgnoresTestClock(t *testing.T) {
	p := newProc(t, "")
	p.now = "2024-03-01T10:00:00+08:00"
	p.ok("", "", "officer", "add", "A1", "--name", "张三")
	var entries []struct {
		Time time.Time `json:"time"`
	}
	p.JSON("", "", &entries, "ledger", "--json")
	if len(entries) == 0 || time.Since(entries[len(entries)-1].Time) > time.Hour {
		t.Fatalf("the release binary wrote %v, want the real time", entries)
	}
}

// Issue 15 §2, on a data folder aged by the test clock: a card imported "in
// 2024" whose recorder says 2016 is not expired until a year after its
// import; then it is, and only then can it be purged. Late imports and
// overdue recorders are judged by the same clock.
func TestRetentionAndLatenessOnAnAgedFolder(t *testing.T) {
	p := newProc(t, "testclock")
	const pw = "initial password"
	p.now = "2024-03-01T09:00:00+08:00"
	p.ok("", "", "init", "--admin", "root")
	p.ok("root", pw, "officer", "add", "071234", "--name", "张三")
	p.ok("root", pw, "device", "add", "CAM24", "--officer", "071234")
	p.ok("root", pw, "user", "add", "keeper", "--roles", "custodian")
	p.ok("root", pw, "user", "add", "boss", "--roles", "leader")
	p.ok("root", pw, "user", "add", "sup", "--roles", "supervisor")
	p.ok("keeper", pw, "checkout", "CAM24", "--officer", "071234")

	// The card: a clip whose metadata (no name time) says 2016, and one
	// recorded the day before yesterday, named so.
	card := t.TempDir()
	writeFile(t, card, "DEVICE_ID.TXT", []byte("CAM24\n"))
	writeFile(t, card, "DCIM/IMG_0001.mp4", mp4Clip(t, time.Date(2016, 5, 1, 1, 0, 0, 0, time.UTC), 2))
	writeFile(t, card, "DCIM/CAM24_071234_20240228100000.mp4", mp4Clip(t, time.Date(2024, 2, 28, 2, 0, 0, 0, time.UTC), 2))
	// The files' times are the recorder's, in the past of the aged clock
	// (a recorder whose files lie in the future has its clock corrected).
	for _, f := range []string{"DEVICE_ID.TXT", "DCIM/IMG_0001.mp4", "DCIM/CAM24_071234_20240228100000.mp4"} {
		at := time.Date(2024, 2, 28, 3, 0, 0, 0, time.UTC)
		if err := os.Chtimes(filepath.Join(card, filepath.FromSlash(f)), at, at); err != nil {
			t.Fatal(err)
		}
	}
	p.now = "2024-03-02T10:00:00+08:00" // the recorder came back a day late
	p.ok("keeper", pw, "import", card)
	var recs []recordingJSON
	p.JSON("keeper", pw, &recs, "recordings", "--json")
	var old, late recordingJSON
	for _, r := range recs {
		switch r.Name {
		case "IMG_0001.mp4":
			old = r
		case "CAM24_071234_20240228100000.mp4":
			late = r
		}
	}
	if old.ID == "" || late.ID == "" {
		t.Fatalf("recordings %+v", recs)
	}
	// The late clip goes out on an evidence disc: the completed export
	// holds it (Art. 14, 15) until the custodian releases the export.
	p.ok("keeper", pw, "request", "view", "--recordings", late.ID, "--purpose", "extraction", "--reason", "移送法院")
	p.ok("boss", pw, "request", "approve", "1")
	p.ok("keeper", pw, "export", "--request", "1", "--maker", "李四", "--extractor", "王法官", "--medium", "cd",
		"--out", filepath.Join(t.TempDir(), "disc"), "--case-number", "江文旅罚〔2024〕3号", "--case-name", "某案", "--content", "现场检查")

	var items []struct {
		Kind string `json:"kind"`
		Ref  string `json:"ref"`
	}
	p.JSON("sup", pw, &items, "open-items", "--json")
	kinds := map[string]string{}
	for _, it := range items {
		kinds[it.Kind+":"+it.Ref] = it.Kind
	}
	if _, ok := kinds["late:"+late.ID]; !ok {
		t.Errorf("the clip of 28 February imported on 2 March is not a late item: %+v", items)
	}
	if _, ok := kinds["late:"+old.ID]; !ok {
		t.Errorf("a clip dated 2016 imported in 2024 is not late: %+v", items)
	}
	// Checked out on 1 March, docked on 2 March: returned, but after its due time.
	var custody []struct {
		Overdue bool `json:"overdue"`
	}
	p.JSON("keeper", pw, &custody, "custody", "--json")
	if len(custody) != 1 || !custody[0].Overdue {
		t.Errorf("custody %+v, want the check-out overdue", custody)
	}

	retentionOf := func() map[string]map[string]any {
		var list []map[string]any
		p.JSON("keeper", pw, &list, "retention", "--json")
		out := map[string]map[string]any{}
		for _, it := range list {
			out[it["recording"].(string)] = it
		}
		return out
	}
	it := retentionOf()[old.ID]
	if !strings.HasPrefix(it["recorded_at"].(string), "2016-05-01") || !strings.HasPrefix(it["imported_at"].(string), "2024-03-02") ||
		!strings.HasPrefix(it["until"].(string), "2025-03-02") || it["expired"] != false {
		t.Fatalf("retention of the 2016 clip: %v", it)
	}

	expired := func() []string {
		var list []struct {
			Recording string `json:"recording"`
		}
		p.JSON("keeper", pw, &list, "retention", "--expired", "--json")
		var ids []string
		for _, l := range list {
			ids = append(ids, l.Recording)
		}
		return ids
	}
	for _, now := range []string{"2024-06-01T12:00:00+08:00", "2025-03-01T12:00:00+08:00"} {
		p.now = now
		if ids := expired(); len(ids) != 0 {
			t.Fatalf("on %s, expired: %v", now, ids)
		}
		if code, _, errOut := p.run("keeper", pw, "purge", "request", "--recordings", old.ID, "--reason", "recorded in 2016"); code != cli.ExitRefused {
			t.Fatalf("on %s a purge of the 2016 clip: exit %d %s", now, code, errOut)
		}
	}
	p.now = "2025-03-03T12:00:00+08:00"
	if ids := expired(); len(ids) != 1 || ids[0] != old.ID {
		t.Fatalf("a year and a day after the import, expired: %v; want only the 2016 clip (the other is on a disc)", ids)
	}
	out := p.ok("keeper", pw, "purge", "request", "--recordings", old.ID, "--reason", "retention ended")
	if !strings.Contains(out, "1") {
		t.Fatalf("purge request: %s", out)
	}
	p.ok("boss", pw, "purge", "approve", "1", "--note", "同意")
	p.ok("keeper", pw, "exports", "release", "1", "--reason", "案件已结，光盘已归档")
	if ids := expired(); len(ids) != 1 || ids[0] != late.ID {
		t.Errorf("after the export's release, expired: %v; want the clip it held", ids)
	}
	var tombs []map[string]any
	p.JSON("keeper", pw, &tombs, "purge", "tombstones", "--json")
	if len(tombs) != 1 || tombs[0]["recording"] != old.ID {
		b, _ := json.Marshal(tombs)
		t.Fatalf("tombstones %s", b)
	}
}
