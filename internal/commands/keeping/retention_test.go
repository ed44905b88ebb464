package keeping

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/ingest"
	"evidock/internal/cli"
	"evidock/records"
	"evidock/retention"
	"evidock/safekeeping"
	"evidock/store"
)

// The whole Art. 14 path on the command line: cases, retention, a purge
// only with a leader's approval, the integrity check, backup and restore.
func TestRetentionCommands(t *testing.T) {
	c := testCLI{T: t, Data: t.TempDir()}
	// One recording imported three years ago (the store's clock set back),
	// one today.
	oldSrc, src := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(oldSrc, "OLD00001.MP4"), []byte("imported three years ago"), 0o644)
	os.WriteFile(filepath.Join(src, "NEW00001.MP4"), []byte("imported today"), 0o644)
	st, err := store.Open(c.Data)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Now().AddDate(-3, 0, 0) }
	if _, err := ingest.ImportDir(context.Background(), st.Workstation(), oldSrc, records.ImportSpec{DeviceID: "D1", OfficerID: "1001"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	c.OK("", "", "import", "--device", "D1", "--officer", "1001", src)
	c.Run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root")
	c.OK("root", "admin password", "user", "add", "keeper", "--roles", "custodian")
	c.OK("root", "admin password", "user", "add", "boss", "--roles", "leader")
	const pw = "initial password"

	var recs []records.Recording
	json.Unmarshal([]byte(c.OK("keeper", pw, "recordings", "--json")), &recs)
	ids := map[string]string{}
	for _, r := range recs {
		ids[r.OriginalName] = r.ID
	}
	oldID, newID := ids["OLD00001.MP4"], ids["NEW00001.MP4"]
	if oldID == "" || newID == "" {
		t.Fatalf("recordings: %v", recs)
	}

	c.OK("keeper", pw, "case", "add", "A-1", "--name", "无证经营", "--type", "行政处罚", "--years", "3")
	c.OK("keeper", pw, "case", "link", "A-1", "--recordings", newID)
	var cases []retention.Case
	json.Unmarshal([]byte(c.OK("keeper", pw, "case", "list", "--json")), &cases)
	if len(cases) != 1 || len(cases[0].Recordings) != 1 || cases[0].Retention.Years != 3 {
		t.Fatalf("cases: %+v", cases)
	}
	if code, _, _ := c.Run("keeper", pw, "", "", "case", "add", "B", "--name", "x"); code != cli.ExitUsage {
		t.Fatal("a case without retention accepted")
	}

	var items []retention.RetentionItem
	json.Unmarshal([]byte(c.OK("keeper", pw, "retention", "--expired", "--json")), &items)
	if len(items) != 1 || items[0].RecordingID != oldID {
		t.Fatalf("expired: %+v", items)
	}
	if out := c.OK("keeper", pw, "retention"); !strings.Contains(out, "永久持有") || !strings.Contains(out, "已过期") {
		t.Fatalf("retention:\n%s", out)
	}

	// The held recording is refused; the expired one needs a leader.
	if code, _, errOut := c.Run("keeper", pw, "", "", "purge", "request", "--recordings", newID, "--reason", "old"); code != cli.ExitRefused ||
		!strings.Contains(errOut, "not permitted") {
		t.Fatalf("purge of a held recording: %d %s", code, errOut)
	}
	c.OK("keeper", pw, "purge", "request", "--recordings", oldID, "--reason", "retention ended")
	if code, _, _ := c.Run("keeper", pw, "", "", "purge", "approve", "1"); code != cli.ExitRefused {
		t.Fatal("custodian approved a purge")
	}
	if out := c.OK("boss", pw, "purge", "approve", "1", "--note", "同意"); !strings.Contains(out, "已清除") {
		t.Fatalf("approve: %s", out)
	}
	var ts []retention.Tombstone
	json.Unmarshal([]byte(c.OK("keeper", pw, "purge", "tombstones", "--json")), &ts)
	if len(ts) != 1 || ts[0].RecordingID != oldID || ts[0].ApprovedBy != "boss" {
		t.Fatalf("tombstones: %+v", ts)
	}
	c.OK("", "", "verify")
	c.OK("", "", "check")

	// Backup, then restore into a fresh folder.
	bk := t.TempDir()
	c.OK("", "", "backup", "--to", bk)
	restored := testCLI{T: t, Data: filepath.Join(t.TempDir(), "restored")}
	if out := restored.OK("", "", "restore", "--from", bk); !strings.Contains(out, "录像 1 个") {
		t.Fatalf("restore: %s", out)
	}
	restored.OK("", "", "verify")
	if code, _, _ := restored.Run("", "", "", "", "restore", "--from", bk); code == cli.ExitOK {
		t.Fatal("restored over a data folder")
	}

	var sp safekeeping.Space
	json.Unmarshal([]byte(c.OK("", "", "space", "--json")), &sp)
	if sp.Free <= 0 || sp.Level == "" {
		t.Fatalf("space: %+v", sp)
	}

	// A file removed outside the program: the check says so until acknowledged.
	p := filepath.Join(c.Data, filepath.FromSlash(recs[0].ArchivePath))
	for _, r := range recs {
		if r.ID == newID {
			p = filepath.Join(c.Data, filepath.FromSlash(r.ArchivePath))
		}
	}
	os.Chmod(p, 0o644)
	os.Remove(p)
	if code, out, _ := c.Run("", "", "", "", "check"); code != cli.ExitProblems || !strings.Contains(out, "missing") {
		t.Fatalf("check after a removal: %d %s", code, out)
	}
	var open []safekeeping.IntegrityProblem
	c.Run("", "", "", "", "check", "--problems", "--json")
	_, out, _ := c.Run("keeper", pw, "", "", "check", "--problems", "--json")
	json.Unmarshal([]byte(out), &open)
	if len(open) != 1 {
		t.Fatalf("open problems: %s", out)
	}
	c.OK("keeper", pw, "check", "--ack", "1", "--note", "restored from the backup disk")
	c.OK("", "", "check", "--problems")
}
