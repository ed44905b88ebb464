package clitest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"evidock/internal/cli"
	"evidock/internal/cliptest"
	"evidock/records"
)

// SetUp makes a data folder with an administrator (root), an officer
// (off, 1001 张三, recorder CAM-1), a custodian, a leader and a supervisor,
// and one imported recording of CAM-1; it returns its id.
func SetUp(t *testing.T) (CLI, string) {
	t.Helper()
	c := CLI{T: t, Data: t.TempDir()}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "FILE0001.MP4"), []byte("clip of officer 1001"), 0o644)
	c.OK("", "", "import", "--device", "CAM-1", "--officer", "1001", src)
	if code, out, errOut := c.Run("", "", "", AdminPW+"\n"+AdminPW+"\n", "init", "--admin", "root"); code != cli.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errOut)
	}
	c.OK("root", AdminPW, "officer", "add", "1001", "--name", "张三")
	c.OK("root", AdminPW, "officer", "add", "1002", "--name", "李四")
	c.OK("root", AdminPW, "device", "add", "CAM-1", "--officer", "1001")
	c.OK("root", AdminPW, "user", "add", "keeper", "--roles", "保管人")
	c.OK("root", AdminPW, "user", "add", "off", "--roles", "执法人员", "--officer", "1001")
	c.OK("root", AdminPW, "user", "add", "off2", "--roles", "officer", "--officer", "1002")
	c.OK("root", AdminPW, "user", "add", "boss", "--roles", "主管领导")
	c.OK("root", AdminPW, "user", "add", "legal", "--roles", "法制办公室")
	c.OK("root", AdminPW, "user", "add", "sup", "--roles", "督查")
	var recs []records.Recording
	json.Unmarshal([]byte(c.OK("keeper", InitialPW, "recordings", "--json")), &recs)
	if len(recs) != 1 {
		t.Fatalf("recordings: %+v", recs)
	}
	return c, recs[0].ID
}

// Bureau sets up a data folder after init: officers A1 (张三) and B1 (李四)
// with their users offA and offB, a supervisor, a leader and a custodian;
// recorder CAMA is A1's. CAMA's card (two clips ten minutes apart, an
// interruption) is imported by the custodian. It returns the cli and the
// recordings' ids.
func Bureau(t *testing.T) (CLI, []string) {
	t.Helper()
	c := CLI{T: t, Data: t.TempDir()}
	c.OK("", "", "init", "--admin", "root")
	c.OK("root", InitialPW, "officer", "add", "A1", "--name", "张三")
	c.OK("root", InitialPW, "officer", "add", "B1", "--name", "李四")
	c.OK("root", InitialPW, "device", "add", "CAMA", "--officer", "A1")
	for _, u := range [][]string{{"offA", "officer", "A1"}, {"offB", "officer", "B1"}, {"sup", "supervisor", ""},
		{"boss", "leader", ""}, {"keeper", "custodian", ""}} {
		c.OK("root", InitialPW, "user", "add", u[0], "--roles", u[1], "--officer", u[2])
	}
	card := t.TempDir()
	writeFile(t, card, "DEVICE_ID.TXT", []byte("CAMA\n"))
	day := time.Now().AddDate(0, 0, -1)
	s1 := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, time.Local)
	for _, s := range []time.Time{s1, s1.Add(10 * time.Minute)} {
		writeFile(t, card, "DCIM/CAMA_A1_"+s.Format("20060102150405")+".mp4", cliptest.MP4(t, s.UTC(), 4))
	}
	c.OK("keeper", InitialPW, "import", card)
	var recs []struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(c.OK("keeper", InitialPW, "recordings", "--json")), &recs)
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if len(ids) != 2 {
		t.Fatalf("recordings %+v", recs)
	}
	return c, ids
}

// writeFile writes data under dir at the slash path rel, making folders.
func writeFile(t *testing.T, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
