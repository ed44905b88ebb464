package supervision

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evidock/followups"
	"evidock/store"
)

// The per-officer numbers of `dashboard --json` are the core's, the same
// the window's 督查 chart draws: recordings and open items by officer.
func TestDashboardPerOfficerAgreesWithTheCore(t *testing.T) {
	c := testCLI{T: t, Data: t.TempDir()}
	for _, f := range []struct {
		officer string
		clips   int
	}{{"1001", 3}, {"1002", 1}} {
		src := t.TempDir()
		for i := range f.clips {
			name := filepath.Join(src, "CLIP"+f.officer+string(rune('A'+i))+".MP4")
			os.WriteFile(name, []byte("clip "+name), 0o644)
		}
		c.OK("", "", "import", "--device", "CAM-"+f.officer, "--officer", f.officer, src)
	}
	const pw = "admin password"
	c.Run("", "", "", pw+"\n"+pw+"\n", "init", "--admin", "root")
	c.OK("root", pw, "officer", "add", "1001", "--name", "张三")
	c.OK("root", pw, "officer", "add", "1002", "--name", "李四")
	c.OK("root", pw, "user", "add", "sup", "--roles", "supervisor")
	day := time.Now().Format(time.DateOnly)

	var cli followups.Dashboard
	out := c.OK("sup", "initial password", "dashboard", "--from", day, "--to", day, "--json")
	if err := json.Unmarshal([]byte(out), &cli); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	st, err := store.Open(c.Data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sess, err := st.Login(context.Background(), "sup", "initial password")
	if err != nil {
		t.Fatal(err)
	}
	core, err := followups.DashboardFor(context.Background(), sess, followups.Period{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	byOfficer := func(d followups.Dashboard) map[string][2]int {
		m := map[string][2]int{}
		for _, o := range d.Officers {
			m[o.Officer] = [2]int{o.Recordings, o.Open}
		}
		return m
	}
	got, want := byOfficer(cli), byOfficer(core)
	if len(got) != len(want) {
		t.Errorf("CLI officers %v, core %v", got, want)
	}
	for o, w := range want {
		if got[o] != w {
			t.Errorf("officer %s: CLI says %v recordings/open, the core %v", o, got[o], w)
		}
	}
	// Each clip is uncategorised, and each officer docked a recorder never
	// registered: open items of that officer.
	if want["1001"] != [2]int{3, 4} || want["1002"] != [2]int{1, 2} {
		t.Errorf("per officer (recordings, open): %v, want 1001 [3 4], 1002 [1 2]", want)
	}
	if text := c.OK("sup", "initial password", "dashboard", "--from", day, "--to", day); !strings.Contains(text, "待处理") {
		t.Errorf("the table has no open column:\n%s", text)
	}
}
