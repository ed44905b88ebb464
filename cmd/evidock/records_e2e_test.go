package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"evidock/ingest/dock"
	"evidock/internal/cli"
	"evidock/internal/clitest"
	"evidock/ledger"
	"evidock/records"
	"evidock/store"
)

type timelineJSON struct {
	Clips []struct {
		ID      string           `json:"id"`
		History []map[string]any `json:"history"`
	} `json:"clips"`
	Gaps []struct {
		ID      int64            `json:"id"`
		History []map[string]any `json:"history"`
	} `json:"gaps"`
}

func timeline(c testCLI, user, device string) timelineJSON {
	c.T.Helper()
	var tl timelineJSON
	day := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	if err := json.Unmarshal([]byte(c.OK(user, initialPW, "timeline", "--device", device, "--date", day, "--json")), &tl); err != nil {
		c.T.Fatal(err)
	}
	return tl
}

// ledgerEntries reads the ledger as root, entries of action.
func ledgerEntries(c testCLI, action string) []ledger.Entry {
	c.T.Helper()
	var es []ledger.Entry
	json.Unmarshal([]byte(c.OK("root", initialPW, "ledger", "--action", action, "--json")), &es)
	return es
}

// Issue 15 §4: each answer by its owner; a supervisor only on the
// officer's behalf, with a reason; a second answer amends the first.
func TestAnswersByTheirOwner(t *testing.T) {
	c, ids := clitest.Bureau(t)
	tl := timeline(c, "offA", "CAMA")
	if len(tl.Gaps) != 1 {
		t.Fatalf("timeline %+v", tl)
	}
	gap := fmt.Sprint(tl.Gaps[0].ID)
	for _, tc := range []struct {
		user string
		args []string
	}{
		{"offB", []string{"explain", "--gap", gap, "--reason", "battery"}},
		{"offB", []string{"categorize", "--recordings", ids[0], "--category", "inspection"}},
		{"offB", []string{"late-reason", "--recordings", ids[0], "--reason", "没空"}},
		{"sup", []string{"explain", "--gap", gap, "--reason", "battery"}}, // without --on-behalf
		{"keeper", []string{"categorize", "--recordings", ids[0], "--category", "inspection", "--on-behalf", "代填"}},
	} {
		before := len(ledgerEntries(c, "refused"))
		code, _, errOut := c.Run(tc.user, initialPW, "", "", tc.args...)
		if code != cli.ExitRefused || !strings.Contains(errOut, "不允许") {
			t.Errorf("%s %v: exit %d %s; want 3 and a refusal", tc.user, tc.args, code, errOut)
		}
		if after := len(ledgerEntries(c, "refused")); after != before+1 {
			t.Errorf("%s %v: %d refusal entries, want one more than %d", tc.user, tc.args, after, before)
		}
	}
	c.OK("sup", initialPW, "explain", "--gap", gap, "--reason", "battery", "--on-behalf", "张三休假，电话说明")
	es := ledgerEntries(c, "gap.explain")
	var d map[string]any
	json.Unmarshal(es[0].Details, &d)
	if len(es) != 1 || es[0].Actor != "user:sup" || d["for_officer"] != "A1" || d["on_behalf"] != true || d["behalf_reason"] != "张三休假，电话说明" {
		t.Fatalf("on-behalf entry %+v %s", es, es[0].Details)
	}
	// The officer's own answer amends the supervisor's; both stay.
	c.OK("offA", initialPW, "explain", "--gap", gap, "--reason", "storage_full", "--stated")
	tl = timeline(c, "offA", "CAMA")
	h := tl.Gaps[0].History
	if len(h) != 2 || h[0]["by"] != "user:sup" || h[0]["value"] != "battery" || h[1]["by"] != "user:offA" || h[1]["value"] != "storage_full" {
		t.Fatalf("history %+v", h)
	}
	es = ledgerEntries(c, "gap.explain")
	json.Unmarshal(es[1].Details, &d)
	if d["amends"] != float64(es[0].Seq) {
		t.Errorf("the amendment does not name what it amends: %s", es[1].Details)
	}
	c.OK("offA", initialPW, "categorize", "--recordings", strings.Join(ids, ","), "--category", "inspection")
	c.OK("offA", initialPW, "categorize", "--recordings", ids[0], "--category", "complaint")
	tl = timeline(c, "offA", "CAMA")
	for _, clip := range tl.Clips {
		want := 1
		if clip.ID == ids[0] {
			want = 2
		}
		if len(clip.History) != want {
			t.Errorf("clip %s history %+v, want %d answers", clip.ID, clip.History, want)
		}
	}
}

// Issue 15 §6: one visibility rule for every read path; every lookup is a
// ledger entry.
func TestOneVisibilityRule(t *testing.T) {
	c, ids := clitest.Bureau(t)
	// Officer B sees none of officer A's clips, in any list.
	if tl := timeline(c, "offB", "CAMA"); len(tl.Clips) != 0 || len(tl.Gaps) != 0 {
		t.Errorf("officer B's timeline of A's recorder: %+v", tl)
	}
	var items []map[string]any
	json.Unmarshal([]byte(c.OK("offB", initialPW, "open-items", "--json")), &items)
	for _, it := range items {
		if it["officer"] == "A1" {
			t.Errorf("officer B sees A's open item %v", it)
		}
	}
	// A state secret leaves the supervisor's lists and figures, counted apart.
	c.OK("boss", initialPW, "classify", ids[0], "--level", "state", "--reason", "涉及国家秘密")
	var recs []recordingJSON
	json.Unmarshal([]byte(c.OK("sup", initialPW, "recordings", "--json")), &recs)
	if len(recs) != 1 || recs[0].ID == ids[0] {
		t.Fatalf("the supervisor's recordings: %+v", recs)
	}
	if tl := timeline(c, "sup", "CAMA"); len(tl.Clips) != 1 || tl.Clips[0].ID == ids[0] || len(tl.Gaps) != 0 {
		t.Errorf("the supervisor's timeline: %+v", tl)
	}
	json.Unmarshal([]byte(c.OK("sup", initialPW, "open-items", "--json")), &items)
	for _, it := range items {
		if it["ref"] == ids[0] || strings.HasPrefix(fmt.Sprint(it["ref"]), "gap:") {
			t.Errorf("the supervisor sees an item about the secret recording: %v", it)
		}
	}
	day := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	var dash struct {
		Hidden int `json:"hidden"`
		Totals struct {
			Recordings int `json:"recordings"`
		} `json:"totals"`
	}
	json.Unmarshal([]byte(c.OK("sup", initialPW, "dashboard", "--from", day, "--to", day, "--json")), &dash)
	if dash.Hidden != 1 || dash.Totals.Recordings != 1 {
		t.Errorf("the supervisor's dashboard: %+v, want 1 shown and 1 hidden", dash)
	}
	json.Unmarshal([]byte(c.OK("boss", initialPW, "dashboard", "--from", day, "--to", day, "--json")), &dash)
	if dash.Hidden != 0 || dash.Totals.Recordings != 2 {
		t.Errorf("the leader's dashboard: %+v, want both", dash)
	}
	json.Unmarshal([]byte(c.OK("boss", initialPW, "recordings", "--json")), &recs)
	var secret string
	for _, r := range recs {
		if r.ID == ids[0] {
			secret = r.Name
		}
	}
	report := func(user string) string {
		out := filepath.Join(t.TempDir(), user+".csv")
		c.OK(user, initialPW, "report", "--from", day, "--to", day, "--format", "csv", "--out", out)
		b, _ := os.ReadFile(out)
		return string(b)
	}
	// Both clips were imported late: the leader's report lists both, the
	// supervisor's only the one they may see.
	if !strings.Contains(report("boss"), secret) {
		t.Errorf("the leader's report lacks %s", secret)
	}
	if strings.Contains(report("sup"), secret) {
		t.Errorf("the supervisor's report names the secret recording %s", secret)
	}
	for _, action := range []string{"timeline.read", "openitems.read", "supervision.read", "supervision.report"} {
		if len(ledgerEntries(c, action)) == 0 {
			t.Errorf("no %s entry: the lookup is not in the ledger", action)
		}
	}
}

// Issue 15 §5: after init, importing needs a login; nothing is imported
// without one.
func TestImportNeedsLoginAfterInit(t *testing.T) {
	c, _ := clitest.Bureau(t)
	card := t.TempDir()
	writeFile(t, card, "DCIM/CAMA_A1_20261201100000.mp4", mp4Clip(t, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), 2))
	code, _, errOut := c.Run("", "", "", "", "import", card)
	if code != cli.ExitUsage || !strings.Contains(errOut, "请先登录") {
		t.Fatalf("import without a login: exit %d %s", code, errOut)
	}
	var recs []recordingJSON
	json.Unmarshal([]byte(c.OK("keeper", initialPW, "recordings", "--json")), &recs)
	if len(recs) != 2 {
		t.Fatalf("%d recordings after a refused import, want the 2 from before", len(recs))
	}
	// The import by the custodian names the operator and the officer apart.
	es := ledgerEntries(c, "recording.import")
	var d map[string]any
	json.Unmarshal(es[0].Details, &d)
	if es[0].Actor != "user:keeper" || d["officer"] != "A1" {
		t.Errorf("import entry: actor %s, details %s", es[0].Actor, es[0].Details)
	}
}

// Issue 15 §7: a recorder nobody registered is imported, flagged, and an
// open item until an administrator registers it.
func TestUnregisteredRecorder(t *testing.T) {
	c, _ := clitest.Bureau(t)
	card := t.TempDir()
	writeFile(t, card, "DEVICE_ID.TXT", []byte("STRANGER9\n"))
	writeFile(t, card, "DCIM/STRANGER9_A1_20261201100000.mp4", mp4Clip(t, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), 2))
	c.OK("keeper", initialPW, "import", card)
	var recs []recordingJSON
	json.Unmarshal([]byte(c.OK("keeper", initialPW, "recordings", "--device", "STRANGER9", "--json")), &recs)
	if len(recs) != 1 || !slices.Contains(recs[0].Flags, records.FlagUnregisteredDevice) {
		t.Fatalf("the stranger's recording %+v", recs)
	}
	unregistered := func() []map[string]any {
		var items []map[string]any
		json.Unmarshal([]byte(c.OK("sup", initialPW, "open-items", "--kind", "unregistered", "--json")), &items)
		return items
	}
	if items := unregistered(); len(items) != 1 || items[0]["device"] != "STRANGER9" {
		t.Fatalf("unregistered items %v", items)
	}
	c.OK("root", initialPW, "device", "add", "STRANGER9", "--officer", "A1")
	if items := unregistered(); len(items) != 0 {
		t.Fatalf("still listed after registration: %v", items)
	}
}

// Issue 15 §3: a direct SQL UPDATE of whose a recording is makes verify
// fail, naming the recording and the field.
func TestVerifyNamesStateChangedBehindItsBack(t *testing.T) {
	c, ids := clitest.Bureau(t)
	c.OK("", "", "verify")
	db, err := sql.Open("sqlite", "file:"+filepath.Join(c.Data, store.DBName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE recordings SET officer_id = 'B1' WHERE id = ?`, ids[0]); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var recs []recordingJSON
	json.Unmarshal([]byte(c.OK("keeper", initialPW, "recordings", "--json")), &recs)
	var sha string
	for _, r := range recs {
		if r.ID == ids[0] {
			sha = r.SHA256
		}
	}
	code, out, _ := c.Run("", "", "", "", "verify")
	if code != cli.ExitProblems || !strings.Contains(out, ids[0]) || !strings.Contains(out, sha) || !strings.Contains(out, "officer_id") {
		t.Fatalf("verify after the UPDATE: exit %d\n%s", code, out)
	}
}

// Issue 15 §5: guessing passwords in thirty processes at once gets no more
// than five guesses, and a locked account reads like an unknown name.
func TestLockoutAcrossProcesses(t *testing.T) {
	p := newProc(t, "")
	p.ok("", "", "init", "--admin", "root")
	p.ok("root", initialPW, "user", "add", "o2", "--roles", "officer")
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() { p.run("o2", fmt.Sprintf("guess %d", i), "recordings") })
	}
	wg.Wait()
	var es []ledger.Entry
	p.JSON("root", initialPW, &es, "ledger", "--action", "login.failed", "--json")
	checked := 0
	for _, e := range es {
		if strings.Contains(string(e.Details), "wrong password") {
			checked++
		}
	}
	if checked > store.MaxFailures {
		t.Fatalf("%d passwords checked in parallel, want at most %d", checked, store.MaxFailures)
	}
	code, _, locked := p.run("o2", initialPW, "recordings")
	_, _, unknown := p.run("nobody", initialPW, "recordings")
	if code != cli.ExitRefused || !strings.Contains(locked, "用户名或密码错误") ||
		strings.ReplaceAll(locked, "o2", "X") != strings.ReplaceAll(unknown, "nobody", "X") {
		t.Fatalf("the right password after 30 guesses: exit %d %q; an unknown name: %q", code, locked, unknown)
	}
}

// Issue 15 §5: watch docks as the service account set up at init, never as
// an anonymous actor, and the ledger names it.
func TestWatchDocksAsTheServiceAccount(t *testing.T) {
	p := newProc(t, "")
	p.ok("", "", "init", "--admin", "root")
	root := t.TempDir()
	events := p.watch(root)
	stage := filepath.Join(t.TempDir(), "card")
	writeFile(t, stage, "DEVICE_ID.TXT", []byte("CAMW\n"))
	writeFile(t, stage, "DCIM/CAMW_A1_20261201100000.mp4", mp4Clip(t, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), 2))
	time.Sleep(500 * time.Millisecond)
	if err := os.Rename(stage, filepath.Join(root, "card")); err != nil {
		t.Fatal(err)
	}
	if e := finished(t, events, 60*time.Second); e.Type != dock.Finished {
		t.Fatalf("watch: %+v", e)
	}
	var es []ledger.Entry
	p.JSON("root", initialPW, &es, "ledger", "--action", "import.start", "--json")
	if len(es) != 1 || es[0].Actor != "user:"+store.ServiceName {
		t.Fatalf("import.start entries %+v, want one by the service account", es)
	}
}

// Settings through the command line: listed, changed by an administrator
// only, checked, and read by the next docking.
func TestSettingsCommands(t *testing.T) {
	c, _ := clitest.Bureau(t)
	var list []store.Setting
	json.Unmarshal([]byte(c.OK("sup", initialPW, "settings", "--json")), &list)
	if len(list) == 0 || list[0].Key != store.SettingGapThreshold || list[0].Value != "60" {
		t.Fatalf("settings %+v", list)
	}
	for _, tc := range []struct {
		user, key, value string
	}{
		{"sup", store.SettingGapThreshold, "900"},     // not an administrator
		{"root", store.SettingGapThreshold, "0"},      // out of range
		{"root", "no_such_key", "1"},                  // unknown
		{"root", store.SettingGapThreshold, "60"},     // already so
		{"root", store.SettingWatchRoots, "relative"}, // not a folder path
	} {
		want := cli.ExitUsage
		if tc.user == "sup" {
			want = cli.ExitRefused
		}
		if code, _, errOut := c.Run(tc.user, initialPW, "", "", "settings", "set", tc.key, tc.value); code != want {
			t.Errorf("%s sets %s=%s: exit %d %s", tc.user, tc.key, tc.value, code, errOut)
		}
	}
	c.OK("root", initialPW, "settings", "set", store.SettingGapThreshold, "900")
	// The ten-minute pause on CAMA's card is no interruption any more, at
	// the next docking of that day.
	card := t.TempDir()
	writeFile(t, card, "DEVICE_ID.TXT", []byte("CAMA\n"))
	day := time.Now().AddDate(0, 0, -1)
	at := time.Date(day.Year(), day.Month(), day.Day(), 10, 20, 0, 0, time.Local)
	writeFile(t, card, "DCIM/CAMA_A1_"+at.Format("20060102150405")+".mp4", mp4Clip(t, at.UTC(), 4))
	c.OK("keeper", initialPW, "import", card)
	if tl := timeline(c, "offA", "CAMA"); len(tl.Clips) != 3 || len(tl.Gaps) != 0 {
		t.Errorf("after gap_threshold_s=900: %d clips, %d gaps; want 3 clips and no gap", len(tl.Clips), len(tl.Gaps))
	}
	if es := ledgerEntries(c, "settings.set"); len(es) != 1 || es[0].Actor != "user:root" {
		t.Errorf("settings.set entries %+v", es)
	}
}
