package recordings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/internal/cli"
)

// The JSON contracts scripts rely on, the docking commands, and the exit
// codes 0, 1 and 2, as a newcomer would use them before and after init.
func TestImportContractsAndDockingCommands(t *testing.T) {
	c := testCLI{T: t, Data: t.TempDir()}
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "DCIM", "子目录"), 0o755)
	files := map[string]string{
		"DCIM/DEV7_A7_20261129081502.MP4":   "clip one",
		"DCIM/子目录/执法 记录 2.mov":              "clip two",
		"DCIM/copy of two.mov":              "clip two", // same content: one recording (either name)
		"DCIM/empty.wav":                    "",
		"DCIM/notes.txt":                    "not a recording",
		"DCIM/DEV7_A7_20261129090000_1.JPG": "photo",
	}
	for p, b := range files {
		os.WriteFile(filepath.Join(src, filepath.FromSlash(p)), []byte(b), 0o644)
	}

	c.OK("", "", "officer", "add", "A7", "--name", "王五")
	c.OK("", "", "device", "add", "DEV7", "--officer", "A7")
	out := c.OK("", "", "import", "--device", "DEV7", "--officer", "A7", "--json", src)
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	for _, k := range []string{"import_id", "status", "files", "new", "duplicates", "failed", "bytes"} {
		if _, ok := res[k]; !ok {
			t.Errorf("import --json lacks %q: %s", k, out)
		}
	}
	// The empty file is recorded for its recorder and listed, not archived.
	if res["status"] != "complete" || res["files"] != 5.0 || res["new"] != 3.0 || res["duplicates"] != 1.0 || res["failed"] != 0.0 || res["empty"] != 1.0 {
		t.Fatalf("import result %s", out)
	}
	if !strings.Contains(out, "empty.wav") {
		t.Errorf("the empty file is not reported: %s", out)
	}
	// Everything else on the volume is accounted for, by name and why.
	if ni, _ := res["not_imported"].([]any); len(ni) != 1 || ni[0].(map[string]any)["file"] != "DCIM/notes.txt" ||
		ni[0].(map[string]any)["reason"] != "not_media" || res["safe_to_unplug"] != true {
		t.Errorf("not imported %v, safe to unplug %v", res["not_imported"], res["safe_to_unplug"])
	}

	var recs []map[string]any
	json.Unmarshal([]byte(c.OK("", "", "recordings", "--json")), &recs)
	if len(recs) != 3 {
		t.Fatalf("%d recordings", len(recs))
	}
	for _, k := range []string{"id", "sha256", "sm3", "size", "original_name", "source_path", "device_id", "officer_id",
		"import_id", "archive_path", "recorded_at", "duration_s", "time_source", "flags"} {
		if _, ok := recs[0][k]; !ok {
			t.Errorf("recordings --json lacks %q", k)
		}
	}
	var named map[string]any
	for _, r := range recs {
		if r["original_name"] == "DEV7_A7_20261129081502.MP4" {
			named = r
		}
	}
	if named == nil {
		t.Fatal("the clip is not listed")
	}
	// import reads recording times as docking does: this clip's content is
	// no MP4, so its time comes from its name (generic profile, local time).
	for _, r := range recs {
		if r["original_name"] == "DEV7_A7_20261129081502.MP4" {
			at, _ := time.Parse(time.RFC3339, r["recorded_at"].(string))
			want := time.Date(2026, 11, 29, 8, 15, 2, 0, time.Local)
			if !at.Equal(want) || r["time_source"] != "name" {
				t.Errorf("recorded_at %v from %v, want %v from the file name", r["recorded_at"], r["time_source"], want)
			}
		}
	}

	var entries []map[string]any
	json.Unmarshal([]byte(c.OK("", "", "ledger", "--json")), &entries)
	for _, k := range []string{"seq", "time", "actor", "action", "details"} {
		if _, ok := entries[0][k]; !ok {
			t.Errorf("ledger --json lacks %q", k)
		}
	}

	var v map[string]any
	json.Unmarshal([]byte(c.OK("", "", "verify", "--json")), &v)
	if v["ok"] != true || v["files"] != 3.0 {
		t.Fatalf("verify --json: %v", v)
	}
	// One changed byte in the archive: verify exits 1 naming the file.
	rel := named["archive_path"].(string)
	p := filepath.Join(c.Data, filepath.FromSlash(rel))
	os.Chmod(p, 0o644)
	os.WriteFile(p, []byte("clip onE"), 0o444)
	code, vout, _ := c.Run("", "", "", "", "verify")
	if code != cli.ExitProblems || !strings.Contains(vout, named["sha256"].(string)) {
		t.Fatalf("verify after tampering: exit %d\n%s", code, vout)
	}

	var tl struct {
		Clips []map[string]any `json:"clips"`
		Gaps  []map[string]any `json:"gaps"`
	}
	json.Unmarshal([]byte(c.OK("", "", "timeline", "--device", "DEV7", "--date", "2026-11-29", "--json")), &tl)
	if tl.Clips == nil || tl.Gaps == nil {
		t.Fatalf("timeline --json lacks clips or gaps")
	}
	if len(tl.Clips) < 2 {
		t.Fatalf("timeline of 2026-11-29 has %d clips; the imported clips named for that day are missing", len(tl.Clips))
	}

	if code, _, _ := c.Run("", "", "", "", "no-such-command"); code != cli.ExitUsage {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := c.Run("", "", "", "", "import", "--device", "X"); code != cli.ExitUsage {
		t.Errorf("import without a path: exit %d, want 2", code)
	}
	gone := filepath.Join(t.TempDir(), "gone")
	if code, _, _ := c.Run("", "", "", "", "import", "--device", "X", gone); code != cli.ExitFault {
		t.Errorf("import of a missing folder: exit %d, want 1", code)
	}

	// After init the set-up session is gone: registering needs a user.
	if code, out, errOut := c.Run("", "", "correct horse battery", "", "init", "--admin", "boss"); code != cli.ExitOK {
		t.Fatalf("init: exit %d %s%s", code, out, errOut)
	}
	code, _, errOut := c.Run("", "", "", "", "officer", "add", "A8", "--name", "赵六")
	if code != cli.ExitUsage || !strings.Contains(errOut, "--user") {
		t.Fatalf("officer add after init without --user: exit %d %s", code, errOut)
	}
}
