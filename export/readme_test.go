package export

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// The disc explains itself in Chinese (说明.txt) and carries a program that
// checks it with the disc alone; that program passes a disc as written and
// names what was changed on a disc someone tampered with. A classified
// recording's level leads its file name, the disc's volume label, bag-info
// and 说明.pdf (Art. 19).
func TestDiscChecksItself(t *testing.T) {
	needTool(t, "xorriso")
	needTool(t, "python3")
	f := newFixture(t, 3000, 5000, 7000)
	f.items[1].Name = "【商业秘密】" + f.items[1].Name
	f.ev.Checkpoint = sign(t, f.ev)
	discs, err := Export(context.Background(), filepath.Join(t.TempDir(), "out"), Job{Items: f.items, Description: f.desc, Evidence: f.ev, Medium: CD})
	if err != nil {
		t.Fatal(err)
	}
	bag := discs[0].Bag.Dir

	text, err := os.ReadFile(filepath.Join(bag, ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"执法音像证据光盘说明", "第十五条", f.desc.Maker, f.desc.Extractor, formatTime(f.desc.ExtractedAt),
		f.desc.Approver, "密    级：商业秘密", "python3 " + CheckScriptFile, "SHA-256(0x00 ‖ leaf)", "certutil -hashfile",
		f.ev.Checkpoint.Verifier, "\r\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("%s lacks %q:\n%s", ReadmeFile, want, text)
		}
	}
	tags, err := os.ReadFile(filepath.Join(bag, TagManifestSHA256))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ReadmeFile, CheckScriptFile, CheckpointFile, VerifierKeyFile} {
		if !strings.Contains(string(tags), "  "+name+"\n") {
			t.Errorf("%s is not in the tag manifest:\n%s", name, tags)
		}
	}
	if v, _ := infoValue(parseBagInfo(mustRead(t, filepath.Join(bag, BagInfoFile))), "Classification"); v != "商业秘密" {
		t.Errorf("bag-info Classification = %q", v)
	}
	if want := "商业秘密_"; !strings.HasPrefix(discs[0].VolumeID, want) {
		t.Errorf("volume ID %q does not start with %q", discs[0].VolumeID, want)
	}
	if out := run(t, "xorriso", "-indev", discs[0].ISO, "-pvd_info"); !strings.Contains(out, "Volume Id    : 商业秘密_JYWL_2026_0012") {
		t.Errorf("the image's volume label lacks the level:\n%s", out)
	}

	check := func(wantOK bool, want string) {
		t.Helper()
		cmd := exec.Command("python3", filepath.Join(bag, CheckScriptFile))
		cmd.Dir = t.TempDir() // it finds the disc from its own place
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK || !strings.Contains(string(out), want) {
			t.Errorf("check.py: ok %v, want %v, saying %q:\n%s", err == nil, wantOK, want, out)
		}
	}
	check(true, "核对通过：3 个文件与清单相符")
	check(true, "树头有工作站的有效签名")

	// A recording changed on the disc.
	rec := filepath.Join(bag, DataDir, f.items[2].Name)
	orig := mustRead(t, rec)
	os.Chmod(rec, 0o644)
	changed := append([]byte{}, orig...)
	changed[10] ^= 1
	os.WriteFile(rec, changed, 0o644)
	check(false, "data/"+f.items[2].Name+"：SHA-256 与 manifest-sha256.txt 不符")
	os.WriteFile(rec, orig, 0o644)
	check(true, "核对通过")

	// A checkpoint signed by another key, or changed after signing.
	cpPath := filepath.Join(bag, filepath.FromSlash(CheckpointFile))
	good := mustRead(t, cpPath)
	os.Chmod(cpPath, 0o644)
	os.WriteFile(cpPath, sign(t, Evidence{TreeSize: f.ev.TreeSize, Root: f.ev.Root}).Signed, 0o644)
	check(false, "签名与 ledger/verifier-key.txt 的公钥不符")
	if rep, err := VerifyDisc(context.Background(), bag); err != nil || rep.OK || !strings.Contains(fmt.Sprint(rep.Problems), CheckpointFile) {
		t.Errorf("VerifyDisc of a checkpoint signed by another key: %+v %v", rep, err)
	}
	os.WriteFile(cpPath, bytes.Replace(good, []byte(fmt.Sprintf("\n%d\n", f.ev.TreeSize)), []byte(fmt.Sprintf("\n%d\n", f.ev.TreeSize+1)), 1), 0o644)
	check(false, "签名与 ledger/verifier-key.txt 的公钥不符")
	os.WriteFile(cpPath, good, 0o644)
	check(true, "树头有工作站的有效签名")

	// A proof that no longer leads to the tree head.
	proofsPath := filepath.Join(bag, filepath.FromSlash(ProofsFile))
	var proofs []map[string]any
	json.Unmarshal(mustRead(t, proofsPath), &proofs)
	proofs[0]["seq"] = proofs[0]["seq"].(float64) + 1
	b, _ := json.Marshal(proofs)
	os.Chmod(proofsPath, 0o644)
	os.WriteFile(proofsPath, b, 0o644)
	check(false, "证明与树头不符")
}

// LabelVolume keeps the level in front and the whole within 32 bytes.
func TestLabelVolume(t *testing.T) {
	for _, tc := range []struct{ level, id, want string }{
		{"", "JYWL_2026_0012", "JYWL_2026_0012"},
		{"国家秘密", "JYWL_2026_0012", "国家秘密_JYWL_2026_0012"},
		{"个人隐私", strings.Repeat("A", 32), "个人隐私_" + strings.Repeat("A", 19)},
	} {
		got := LabelVolume(tc.level, tc.id)
		if got != tc.want || len(got) > maxVolumeID {
			t.Errorf("LabelVolume(%q, %q) = %q (%d bytes), want %q", tc.level, tc.id, got, len(got), tc.want)
		}
		if level, id := splitLevel(got); level != tc.level || !strings.HasPrefix(tc.id, id) {
			t.Errorf("splitLevel(%q) = %q, %q", got, level, id)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sign signs ev's tree head as the workstation does, with a new key.
func sign(t *testing.T, ev Evidence) *Checkpoint {
	t.Helper()
	// A key whose base64 holds a "+", the separator of a verifier key's
	// parts, so that the disc's program must split it right.
	var skey, vkey string
	for i := 0; i < 200 && strings.Count(vkey, "+") < 3; i++ {
		var err error
		if skey, vkey, err = note.GenerateKey(rand.Reader, "evidock-workstation"); err != nil {
			t.Fatal(err)
		}
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("evidock ledger\n%d\n%s\n", ev.TreeSize, base64.StdEncoding.EncodeToString(ev.Root[:]))
	signed, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil {
		t.Fatal(err)
	}
	return &Checkpoint{Signed: signed, Verifier: vkey}
}
