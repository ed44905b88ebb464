package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// leftovers lists what is in dir, to check that a failed write left nothing.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteBagRefuses(t *testing.T) {
	tests := []struct {
		name    string
		change  func(f *fixture)
		wantErr string
	}{
		{"archived copy altered", func(f *fixture) {
			p := f.items[1].SourcePath
			os.Chmod(p, 0o644)
			b, _ := os.ReadFile(p)
			b[0] ^= 0x80
			os.WriteFile(p, b, 0o444)
		}, "altered or damaged"},
		{"archived copy truncated", func(f *fixture) {
			os.Chmod(f.items[1].SourcePath, 0o644)
			os.Truncate(f.items[1].SourcePath, 10)
		}, "10 bytes instead of 2000"},
		{"recorded SM3 differs", func(f *fixture) {
			f.items[1].SM3 = strings.Repeat("a", 64)
		}, "SM3"},
		{"name with separator", func(f *fixture) { f.items[1].Name = "../张三.mp4" }, `".."`},
		{"name with slash", func(f *fixture) { f.items[1].Name = "a/张三.mp4" }, "path separator"},
		{"name with backslash", func(f *fixture) { f.items[1].Name = `a\张三.mp4` }, "path separator"},
		{"name with colon", func(f *fixture) { f.items[1].Name = "张三:1.mp4" }, "Windows"},
		{"name with newline", func(f *fixture) { f.items[1].Name = "张三\n.mp4" }, "control character"},
		{"name too long", func(f *fixture) { f.items[1].Name = strings.Repeat("长", 100) + ".mp4" }, "longer than"},
		{"same name twice", func(f *fixture) { f.items[1].Name = strings.ToUpper(f.items[0].Name) }, "same file name"},
		{"no maker", func(f *fixture) { f.desc.Maker = " " }, "制作人"},
		{"no extraction time", func(f *fixture) { f.desc.ExtractedAt = time.Time{} }, "提取时间"},
		{"proof broken", func(f *fixture) { f.ev.Root[0] ^= 1 }, "ledger evidence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 1000, 2000, 3000)
			tc.change(&f)
			parent := t.TempDir()
			dir := filepath.Join(parent, "bag")
			_, err := WriteBag(context.Background(), dir, f.items, f.desc, f.ev, 1, 1, nil)
			if err == nil {
				t.Fatal("WriteBag succeeded")
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not say %q", err, tc.wantErr)
			}
			if left := leftovers(t, parent); len(left) != 0 {
				t.Errorf("WriteBag left %v behind", left)
			}
		})
	}
}

func TestWriteBagNamesAlteredItem(t *testing.T) {
	f := newFixture(t, 1000, 2000)
	os.Chmod(f.items[1].SourcePath, 0o644)
	os.WriteFile(f.items[1].SourcePath, make([]byte, 2000), 0o444)
	_, err := WriteBag(context.Background(), filepath.Join(t.TempDir(), "bag"), f.items, f.desc, f.ev, 1, 1, nil)
	if err == nil || !strings.Contains(err.Error(), f.items[1].Name) {
		t.Fatalf("error %v does not name %s", err, f.items[1].Name)
	}
}

func TestWriteBagCancelled(t *testing.T) {
	f := newFixture(t, 3<<20, 1000)
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err := WriteBag(ctx, filepath.Join(parent, "bag"), f.items, f.desc, f.ev, 1, 1, func(done, total int64) {
		if done > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v; want context.Canceled", err)
	}
	if left := leftovers(t, parent); len(left) != 0 {
		t.Errorf("WriteBag left %v behind", left)
	}
}

func TestWriteBagIntoNonEmptyDir(t *testing.T) {
	f := newFixture(t, 1000)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o644)
	if _, err := WriteBag(context.Background(), dir, f.items, f.desc, f.ev, 1, 1, nil); err == nil {
		t.Fatal("WriteBag wrote into a folder that was not empty")
	}
	if left := leftovers(t, dir); len(left) != 1 {
		t.Errorf("folder now holds %v", left)
	}
	empty := t.TempDir()
	if _, err := WriteBag(context.Background(), empty, f.items, f.desc, f.ev, 1, 1, nil); err != nil {
		t.Fatalf("WriteBag into an empty folder: %v", err)
	}
	fi, err := os.Stat(empty)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bag folder: %v, mode %v; want 0755", err, fi.Mode())
	}
}
