package viewing

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/internal/cli"
	"evidock/internal/storetest"

	"evidock/access"
	"evidock/ledger"
	"evidock/records"
)

func TestExportCommands(t *testing.T) {
	if _, err := exec.LookPath("xorriso"); err != nil {
		t.Skip("xorriso not installed")
	}
	c := testCLI{T: t, Data: t.TempDir()}
	src := t.TempDir()
	for i := range 3 {
		b := make([]byte, 250_000)
		rand.Read(b)
		p := filepath.Join(src, fmt.Sprintf("CLIP%04d.MP4", i))
		os.WriteFile(p, b, 0o644)
		at := time.Date(2026, 11, 29, 8, 15, 0, 0, time.Local).Add(time.Duration(i) * time.Hour)
		os.Chtimes(p, at, at)
	}
	c.OK("", "", "import", "--device", "D1", "--officer", "1001", src)
	c.Run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root")
	const admin, initial = "admin password", "initial password"
	c.OK("root", admin, "officer", "add", "1001", "--name", "张三")
	c.OK("root", admin, "user", "add", "off", "--roles", "officer", "--officer", "1001")
	c.OK("root", admin, "user", "add", "boss", "--roles", "leader")
	c.OK("root", admin, "user", "add", "keeper", "--roles", "custodian")
	c.OK("root", admin, "user", "add", "sup", "--roles", "supervisor")
	var recs []records.Recording
	json.Unmarshal([]byte(c.OK("keeper", initial, "recordings", "--json")), &recs)
	if len(recs) != 3 {
		t.Fatalf("recordings: %v", recs)
	}
	ids := recs[0].ID + "," + recs[1].ID + "," + recs[2].ID
	c.OK("off", initial, "request", "view", "--recordings", ids, "--purpose", "extraction", "--reason", "移送法院")
	c.OK("boss", initial, "request", "approve", "1")
	c.OK("off", initial, "request", "view", "--recordings", ids, "--purpose", "case", "--reason", "办案")
	c.OK("boss", initial, "request", "approve", "2")

	exportArgs := func(req, out string, more ...string) []string {
		return append([]string{"export", "--request", req, "--maker", "李四", "--extractor", "王法官", "--medium", "cd",
			"--out", out, "--case-number", "江文旅罚〔2026〕12号", "--case-name", "某案", "--content", "现场检查"}, more...)
	}
	// Refused: a request for another purpose, an officer, a supervisor; each in the ledger.
	for _, tc := range []struct{ user, req, want string }{
		{"keeper", "2", "not evidence extraction"}, {"off", "1", "not permitted"}, {"sup", "1", "not permitted"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		code, _, errOut := c.Run(tc.user, initial, "", "", exportArgs(tc.req, out)...)
		if code != cli.ExitRefused || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s exporting request %s: exit %d %s", tc.user, tc.req, code, errOut)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: a refused export wrote %s", tc.user, out)
		}
	}
	var entries []ledger.Entry
	json.Unmarshal([]byte(c.OK("root", admin, "ledger", "--json")), &entries)
	refusals := map[string]bool{}
	for _, e := range entries {
		var d struct{ Attempted string }
		if e.Action == "refused" && json.Unmarshal(e.Details, &d) == nil {
			refusals[e.Actor+" "+d.Attempted] = true
		}
	}
	for _, want := range []string{"user:keeper evidence.extract", "user:off export", "user:sup export"} {
		if !refusals[want] {
			t.Errorf("no refusal entry %q in %v", want, refusals)
		}
	}

	// The ledger as it was before the export: a copy to roll back to.
	before := filepath.Join(t.TempDir(), "before")
	storetest.CopyFolder(t, c.Data, before)

	// Two discs (two recordings fit on a 9 MB disc) burned to pseudo drives.
	out := filepath.Join(t.TempDir(), "out")
	drives := t.TempDir()
	var res exportJSON
	if err := json.Unmarshal([]byte(c.OK("keeper", initial, exportArgs("1", out, "--capacity-mb", "9",
		"--burn", "stdio:"+filepath.Join(drives, "d%d"), "--json")...)), &res); err != nil {
		t.Fatal(err)
	}
	if res.Export.Status != access.ExportComplete || len(res.Discs) != 2 || len(res.Files) != 3 ||
		!strings.HasPrefix(res.Files[0].Name, "张三_20261129_") || !strings.HasSuffix(res.Files[0].Name, "_D1.mp4") {
		t.Fatalf("export: %+v", res)
	}
	for _, d := range res.Discs {
		for _, p := range []string{d.Image, d.Folder, fmt.Sprintf("stdio:%s/d%d", drives, d.Disc)} {
			var v verifyDiscJSON
			json.Unmarshal([]byte(c.OK("", "", "verify-disc", "--ledger", "--json", p)), &v)
			if !v.OK || v.Ledger != "recorded" || v.ExportSeq != res.Export.BeginSeq || v.Files == 0 {
				t.Errorf("verify-disc %s: %+v", p, v)
			}
		}
	}
	// Against the ledger rolled back to before the export, the disc's
	// signed checkpoint is ahead of it: 回滚, exit 1.
	old := testCLI{T: t, Data: before}
	code, stdout, _ := old.Run("", "", "", "", "verify-disc", "--ledger", "--json", res.Discs[0].Image)
	var rolled verifyDiscJSON
	json.Unmarshal([]byte(stdout), &rolled)
	if code != cli.ExitProblems || rolled.OK || rolled.Ledger != "not recorded" || len(rolled.Problems) == 0 ||
		!strings.Contains(rolled.Problems[len(rolled.Problems)-1].What, "回滚") {
		t.Errorf("verify-disc --ledger against a rolled-back ledger: exit %d %+v", code, rolled)
	}
	bad := filepath.Join(t.TempDir(), "bag")
	if b, err := exec.Command("cp", "-a", res.Discs[0].Folder, bad).CombinedOutput(); err != nil {
		t.Fatal(err, string(b))
	}
	victim := filepath.Join(bad, "data", res.Files[0].Name)
	b, _ := os.ReadFile(victim)
	b[1000] ^= 1
	os.WriteFile(victim, b, 0o644)
	code, stdout, _ = c.Run("", "", "", "", "verify-disc", bad)
	if code != cli.ExitProblems || !strings.Contains(stdout, "data/"+res.Files[0].Name+": ") {
		t.Errorf("verify-disc of a damaged folder: exit %d\n%s", code, stdout)
	}

	// A failed burn is retryable.
	out2 := filepath.Join(t.TempDir(), "out")
	code, _, errOut := c.Run("keeper", initial, "", "", exportArgs("1", out2, "--burn", "stdio:/nonexistent/drive")...)
	if code != cli.ExitFault || !strings.Contains(errOut, "可重试：evidock export --retry 2") {
		t.Fatalf("failed burn: exit %d %s", code, errOut)
	}
	drive := filepath.Join(t.TempDir(), "drive")
	stdout = c.OK("keeper", initial, "export", "--retry", "2", "--burn", "stdio:"+drive)
	if !strings.Contains(stdout, "导出 2 完成") || !strings.Contains(stdout, "已刻录、读回并核验") {
		t.Errorf("retry: %s", stdout)
	}
	c.OK("", "", "verify-disc", "stdio:"+drive)
	var list []access.Export
	json.Unmarshal([]byte(c.OK("keeper", initial, "exports", "--json")), &list)
	if len(list) != 2 || list[0].Attempts != 2 || list[0].Status != access.ExportComplete {
		t.Errorf("exports: %+v", list)
	}
	if code, _, _ := c.Run("keeper", initial, "", "", "export", "--request", "1"); code != cli.ExitUsage {
		t.Errorf("export without maker: exit %d", code)
	}
}
