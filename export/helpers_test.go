package export

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"evidock/ledger"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/mod/sumdb/tlog"
)

// memHashes is an in-memory tlog.HashReader over a tree's stored hashes.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("hash index %d out of range", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

// ledgerOf builds a real RFC 6962 tree over entries and returns the evidence
// proving every one of them.
func ledgerOf(t *testing.T, entries [][]byte) Evidence {
	t.Helper()
	var stored memHashes
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, stored)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
	}
	n := int64(len(entries))
	root, err := tlog.TreeHash(n, stored)
	if err != nil {
		t.Fatal(err)
	}
	ev := Evidence{TreeSize: n, Root: root}
	for i, e := range entries {
		p, err := tlog.ProveRecord(n, int64(i), stored)
		if err != nil {
			t.Fatal(err)
		}
		ev.Proofs = append(ev.Proofs, ledger.Proof{Seq: int64(i), Leaf: e, Hashes: p})
	}
	return ev
}

// entry returns the canonical bytes of a ledger entry.
func entry(t *testing.T, seq int, action, subject string, details map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"seq": seq, "time": time.Date(2026, 11, 29, 9, 0, seq, 0, time.UTC).Format(time.RFC3339),
		"actor": "保管员李四", "action": action, "subject": subject, "details": details,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// clipNames are recordings named the way ingest names them.
var clipNames = []string{
	"张三_20261129_081502_DEV001.mp4",
	"张三_20261129_083011_DEV001.mp4",
	"王五_20261129_090000_DEV002.wav",
	"王五_𠮷_20261129_091500_DEV002.jpg", // U+20BB7 needs UTF-16 surrogates in Joliet
	"李四_20261129_100000_DEV003.mp4",
	"赵六_20261129_110000_DEV004.mov",
}

// fixture is a small archive of random recordings and a ledger proving
// their import.
type fixture struct {
	items []Item
	ev    Evidence
	desc  Description
}

func newFixture(t *testing.T, sizes ...int) fixture {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "archive")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	var f fixture
	entries := [][]byte{entry(t, 0, "user.login", "保管员李四", map[string]any{})}
	for i, size := range sizes {
		b := make([]byte, size)
		rand.Read(b)
		s := sha256.Sum256(b)
		m := sm3.Sum(b)
		src := filepath.Join(dir, hex.EncodeToString(s[:]))
		if err := os.WriteFile(src, b, 0o444); err != nil {
			t.Fatal(err)
		}
		it := Item{
			SourcePath: src, Name: clipNames[i%len(clipNames)], Size: int64(size),
			SHA256: hex.EncodeToString(s[:]), SM3: hex.EncodeToString(m[:]),
			RecordedAt: time.Date(2026, 11, 29, 8, 15, 2+i, 0, cst),
			Duration:   time.Duration(90+i) * time.Second, Officer: "张三", Device: "DEV001",
			OriginalName: fmt.Sprintf("FILE%04d.MP4", i+1),
		}
		if i == 1 {
			it.Classification = "commercial"
		}
		if i >= len(clipNames) {
			it.Name = fmt.Sprintf("%d_%s", i, it.Name)
		}
		f.items = append(f.items, it)
		entries = append(entries, entry(t, len(entries), ImportAction, fmt.Sprintf("rec-%d", i),
			map[string]any{"sha256": it.SHA256, "sm3": it.SM3, "size": size, "name": it.Name}))
	}
	entries = append(entries, entry(t, len(entries), "export.approve", "申请-7", map[string]any{"by": "法制办公室"}))
	f.ev = ledgerOf(t, entries)
	f.desc = Description{
		CaseNumber: "JYWL-2026-0012 江源文旅罚〔2026〕12号", CaseName: "某歌舞娱乐场所未经许可经营案",
		Maker: "李四", Extractor: "王法官", Organization: "江源区文化广播电视和旅游局",
		Content:     "2026年11月29日上午对某歌舞娱乐场所进行现场检查的执法记录，\n含现场询问及证据提取过程。",
		ExtractedAt: time.Date(2026, 11, 30, 14, 30, 0, 0, cst),
		Request:     7, Approver: "王五（主管领导）", ApprovedAt: time.Date(2026, 11, 30, 9, 5, 0, 0, cst),
		Purpose: "移送人民法院作为证据使用",
	}
	return f
}

// needTool skips the test when an outside program is missing.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

// run runs a program and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, msg)
	}
	return string(out)
}
