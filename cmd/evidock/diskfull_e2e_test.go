package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evidock/archive"
	"evidock/ingest/dock"
	"evidock/internal/cli"
	"evidock/internal/mounttest"
	"evidock/store"
)

// The archive disk fills (a real tmpfs as the data folder): with room for
// five of eight recordings, five are archived and verified, the other three
// are named as still on the recorder, import --json still prints its
// object; a command that must write the ledger is refused in plain words,
// while verify and space still run.
func TestDiskFullOnARealDisk(t *testing.T) {
	onceAcrossZones(t)
	mounttest.RequireRoot(t)
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	mounttest.Tmpfs(t, data, "80m")
	c := testCLI{T: t, Data: data}
	c.OK("", "", "officer", "add", "A1", "--name", "张三") // the ledger and its tables exist
	free, _ := archive.DiskSpace(data)
	// Eight files of which five fit beside the 64 MiB kept for the ledger.
	size := (free - 64<<20) * 2 / 11
	card := t.TempDir()
	for i := range 8 {
		b := make([]byte, size)
		rand.NewChaCha8([32]byte{byte(i)}).Read(b) // distinct contents, no holes to spare the disk
		writeFile(t, card, fmt.Sprintf("DCIM/CAM9_A1_2026120%d100000.MP4", i+1), b)
	}
	code, out, errOut := c.Run("", "", "", "", "import", "--json", card)
	var res dock.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import --json printed no object (exit %d): %v\n%s%s", code, err, out, errOut)
	}
	if code != cli.ExitFault || res.Status != store.StatusFailed || res.New != 5 || len(res.LeftOnRecorder) != 3 || res.SafeToPull ||
		!strings.Contains(res.Message, "磁盘已满：已保存 5 个，剩余 3 个仍在记录仪上") {
		t.Fatalf("exit %d, result %+v", code, res)
	}
	c.OK("", "", "verify") // the five are whole

	// Fill what is left: commands that must leave a ledger entry are
	// refused in plain words; verify and space still answer.
	filler := filepath.Join(data, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	f.Close()
	code, _, errOut = c.Run("", "", "", "", "officer", "add", "A2", "--name", "李四")
	if code == cli.ExitOK || !strings.Contains(errOut, "磁盘已满") || strings.Contains(errOut, "(13)") {
		t.Errorf("a ledger entry on a full disk: exit %d %s", code, errOut)
	}
	code, out, errOut = c.Run("", "", "", "", "verify")
	if code != cli.ExitOK || !strings.Contains(out, "磁盘已满：本次核对未能记入台账") {
		t.Errorf("verify on a full disk: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := c.Run("", "", "", "", "space"); code == cli.ExitUsage || !strings.Contains(out+errOut, "MiB") && !strings.Contains(out+errOut, "B") {
		t.Errorf("space on a full disk: exit %d %s %s", code, out, errOut)
	}
}
