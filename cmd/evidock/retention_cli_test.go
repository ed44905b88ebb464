package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/ingest"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// The whole Art. 14 path on the command line: cases, retention, a purge
// only with a leader's approval, the integrity check, backup and restore.
func TestRetentionCommands(t *testing.T) {
	c := testCLI{t: t, data: t.TempDir()}
	// One recording imported three years ago (the store's clock set back),
	// one today.
	oldSrc, src := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(oldSrc, "OLD00001.MP4"), []byte("imported three years ago"), 0o644)
	os.WriteFile(filepath.Join(src, "NEW00001.MP4"), []byte("imported today"), 0o644)
	st, err := store.Open(c.data)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Now().AddDate(-3, 0, 0) }
	if _, err := ingest.ImportDir(context.Background(), st.Workstation(), oldSrc, records.ImportSpec{DeviceID: "D1", OfficerID: "1001"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	c.ok("", "", "import", "--device", "D1", "--officer", "1001", src)
	c.run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root")
	c.ok("root", "admin password", "user", "add", "keeper", "--roles", "custodian")
	c.ok("root", "admin password", "user", "add", "boss", "--roles", "leader")
	const pw = "initial password"

	var recs []records.Recording
	json.Unmarshal([]byte(c.ok("keeper", pw, "recordings", "--json")), &recs)
	ids := map[string]string{}
	for _, r := range recs {
		ids[r.OriginalName] = r.ID
	}
	oldID, newID := ids["OLD00001.MP4"], ids["NEW00001.MP4"]
	if oldID == "" || newID == "" {
		t.Fatalf("recordings: %v", recs)
	}

	c.ok("keeper", pw, "case", "add", "A-1", "--name", "无证经营", "--type", "行政处罚", "--years", "3")
	c.ok("keeper", pw, "case", "link", "A-1", "--recordings", newID)
	var cases []retention.Case
	json.Unmarshal([]byte(c.ok("keeper", pw, "case", "list", "--json")), &cases)
	if len(cases) != 1 || len(cases[0].Recordings) != 1 || cases[0].Retention.Years != 3 {
		t.Fatalf("cases: %+v", cases)
	}
	if code, _, _ := c.run("keeper", pw, "", "", "case", "add", "B", "--name", "x"); code != ExitUsage {
		t.Fatal("a case without retention accepted")
	}

	var items []retention.RetentionItem
	json.Unmarshal([]byte(c.ok("keeper", pw, "retention", "--expired", "--json")), &items)
	if len(items) != 1 || items[0].RecordingID != oldID {
		t.Fatalf("expired: %+v", items)
	}
	if out := c.ok("keeper", pw, "retention"); !strings.Contains(out, "永久持有") || !strings.Contains(out, "已过期") {
		t.Fatalf("retention:\n%s", out)
	}

	// The held recording is refused; the expired one needs a leader.
	if code, _, errOut := c.run("keeper", pw, "", "", "purge", "request", "--recordings", newID, "--reason", "old"); code != ExitRefused ||
		!strings.Contains(errOut, "not permitted") {
		t.Fatalf("purge of a held recording: %d %s", code, errOut)
	}
	c.ok("keeper", pw, "purge", "request", "--recordings", oldID, "--reason", "retention ended")
	if code, _, _ := c.run("keeper", pw, "", "", "purge", "approve", "1"); code != ExitRefused {
		t.Fatal("custodian approved a purge")
	}
	if out := c.ok("boss", pw, "purge", "approve", "1", "--note", "同意"); !strings.Contains(out, "已清除") {
		t.Fatalf("approve: %s", out)
	}
	var ts []retention.Tombstone
	json.Unmarshal([]byte(c.ok("keeper", pw, "purge", "tombstones", "--json")), &ts)
	if len(ts) != 1 || ts[0].RecordingID != oldID || ts[0].ApprovedBy != "boss" {
		t.Fatalf("tombstones: %+v", ts)
	}
	c.ok("", "", "verify")
	c.ok("", "", "check")

	// Backup, then restore into a fresh folder.
	bk := t.TempDir()
	c.ok("", "", "backup", "--to", bk)
	restored := testCLI{t: t, data: filepath.Join(t.TempDir(), "restored")}
	if out := restored.ok("", "", "restore", "--from", bk); !strings.Contains(out, "录像 1 个") {
		t.Fatalf("restore: %s", out)
	}
	restored.ok("", "", "verify")
	if code, _, _ := restored.run("", "", "", "", "restore", "--from", bk); code == ExitOK {
		t.Fatal("restored over a data folder")
	}

	var sp safekeeping.Space
	json.Unmarshal([]byte(c.ok("", "", "space", "--json")), &sp)
	if sp.Free <= 0 || sp.Level == "" {
		t.Fatalf("space: %+v", sp)
	}

	// A file removed outside the program: the check says so until acknowledged.
	p := filepath.Join(c.data, filepath.FromSlash(recs[0].ArchivePath))
	for _, r := range recs {
		if r.ID == newID {
			p = filepath.Join(c.data, filepath.FromSlash(r.ArchivePath))
		}
	}
	os.Chmod(p, 0o644)
	os.Remove(p)
	if code, out, _ := c.run("", "", "", "", "check"); code != ExitProblems || !strings.Contains(out, "missing") {
		t.Fatalf("check after a removal: %d %s", code, out)
	}
	var open []safekeeping.IntegrityProblem
	c.run("", "", "", "", "check", "--problems", "--json")
	_, out, _ := c.run("keeper", pw, "", "", "check", "--problems", "--json")
	json.Unmarshal([]byte(out), &open)
	if len(open) != 1 {
		t.Fatalf("open problems: %s", out)
	}
	c.ok("keeper", pw, "check", "--ack", "1", "--note", "restored from the backup disk")
	c.ok("", "", "check", "--problems")
}
