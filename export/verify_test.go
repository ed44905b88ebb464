package export

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies a bag folder so a test can damage the copy.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyDiscFindsDamage(t *testing.T) {
	needTool(t, "xorriso")
	f := newFixture(t, 3000, 5000, 7000)
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := WriteBag(context.Background(), bag, f.items, f.desc, f.ev, 1, 1, nil); err != nil {
		t.Fatal(err)
	}
	victim := "data/" + f.items[1].Name
	tests := []struct {
		name     string
		damage   func(t *testing.T, dir string)
		wantPath string // a problem must name this file
		wantWhat string // and say this
	}{
		{"one byte of a recording", func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(victim))
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 1
			os.WriteFile(p, b, 0o644)
		}, victim, "SHA-256"},
		{"a manifest line", func(t *testing.T, dir string) {
			h := f.items[1].SM3
			replaceIn(t, filepath.Join(dir, ManifestSM3), h, strings.Repeat("0", len(h)))
		}, victim, ManifestSM3},
		{"the manifest lists another name", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, ManifestSHA256), f.items[0].Name, "x"+f.items[0].Name)
		}, "data/" + f.items[0].Name, "not listed in " + ManifestSHA256},
		{"a file added to data/", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "data", "补充_20261129.mp4"), []byte("inserted scene"), 0o644)
		}, "data/补充_20261129.mp4", "not listed in"},
		{"a recording removed", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, filepath.FromSlash(victim)))
		}, victim, "not on the disc"},
		{"a proof altered", func(t *testing.T, dir string) {
			proofs := filepath.Join(dir, filepath.FromSlash(ProofsFile))
			h := f.ev.Proofs[2].Hashes[0]
			other := h
			other[0] ^= 0xff
			replaceIn(t, proofs, base64.StdEncoding.EncodeToString(h[:]), base64.StdEncoding.EncodeToString(other[:]))
		}, ProofsFile, "does not lead to the tree head"},
		{"the description replaced", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, DescriptionFile), []byte("%PDF-1.4 forged"), 0o644)
		}, DescriptionFile, TagManifestSHA256},
		{"Payload-Oxum", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, BagInfoFile), "Payload-Oxum: 15000.3", "Payload-Oxum: 15001.3")
		}, BagInfoFile, "Payload-Oxum"},
		{"bagit.txt missing", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, BagitFile))
		}, BagitFile, "missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "damaged")
			copyTree(t, bag, dir)
			tc.damage(t, dir)
			iso := filepath.Join(tmp, "damaged.iso")
			if err := BuildISO(context.Background(), dir, iso, f.desc.CaseNumber); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{dir, iso} {
				rep, err := VerifyDisc(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				if rep.OK {
					t.Fatalf("VerifyDisc(%s) passed a bag with %s damaged", p, tc.name)
				}
				found := false
				for _, pr := range rep.Problems {
					if pr.Path == tc.wantPath && strings.Contains(pr.What, tc.wantWhat) {
						found = true
					}
				}
				if !found {
					t.Errorf("VerifyDisc(%s): no problem naming %s with %q; got %v", p, tc.wantPath, tc.wantWhat, rep.Problems)
				}
			}
		})
	}
}

func TestVerifyDiscDetectsLedgerMismatch(t *testing.T) {
	// A recording whose import entry records other hashes than its bytes
	// have must be named even when all manifests agree with the bytes.
	f := newFixture(t, 1000, 2000)
	other := newFixture(t, 1000)
	ev := f.ev
	ev.Proofs = append(ev.Proofs[:1:1], ev.Proofs[2:]...) // drop item 0's import
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := WriteBag(context.Background(), bag, f.items, f.desc, ev, 1, 1, nil); err == nil {
		t.Fatal("WriteBag wrote a bag whose ledger evidence lacks an import entry")
	} else if !strings.Contains(err.Error(), f.items[0].Name) {
		t.Errorf("error %q does not name %s", err, f.items[0].Name)
	}
	// Write the bag with the other fixture's evidence swapped in afterwards.
	if _, err := WriteBag(context.Background(), bag, f.items, f.desc, f.ev, 1, 1, nil); err != nil {
		t.Fatal(err)
	}
	head, proofs, err := other.ev.marshal()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bag, filepath.FromSlash(TreeHeadFile)), head, 0o644)
	os.WriteFile(filepath.Join(bag, filepath.FromSlash(ProofsFile)), proofs, 0o644)
	rep, err := VerifyDisc(context.Background(), bag)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range rep.Problems {
		if strings.Contains(p.What, "no proven "+ImportAction) {
			names[p.Path] = true
		}
	}
	for _, it := range f.items {
		if !names["data/"+it.Name] {
			t.Errorf("no ledger problem names data/%s; got %v", it.Name, rep.Problems)
		}
	}
}

func TestBurnToPseudoDrive(t *testing.T) {
	needTool(t, "xorriso")
	f := newFixture(t, 10_000, 20_000)
	out := filepath.Join(t.TempDir(), "export")
	discs, err := Export(context.Background(), out, Job{Items: f.items, Description: f.desc, Evidence: f.ev, Medium: DVD})
	if err != nil {
		t.Fatal(err)
	}
	dev := "stdio:" + filepath.Join(t.TempDir(), "drive.img")
	img, rep, err := BurnAndCheck(context.Background(), discs[0].ISO, dev)
	if err != nil {
		t.Fatal(err)
	}
	if img != discs[0].Image {
		t.Errorf("BurnAndCheck image hash %v, Export said %v", img, discs[0].Image)
	}
	if !rep.OK || rep.Files != 2 {
		t.Errorf("burned disc: OK %v, %d files, problems %v", rep.OK, rep.Files, rep.Problems)
	}
	// Damage the burned medium: the read-back must notice.
	drive := strings.TrimPrefix(dev, "stdio:")
	b, err := os.ReadFile(drive)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("BagIt-Version"))
	if i < 0 {
		t.Fatal("bagit.txt not found on the burned medium")
	}
	b[i] = 'b'
	os.WriteFile(drive, b, 0o644)
	if h, err := ReadBack(context.Background(), dev, img.Size); err != nil || h == img {
		t.Errorf("ReadBack of a damaged medium = %v, %v; want other hashes", h, err)
	}
	rep, err = VerifyDisc(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK {
		t.Error("VerifyDisc passed a damaged medium")
	}
}
