package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"evidock/ingest"
	"evidock/records"
	"evidock/store"
)

// BenchmarkImport times the whole copy-and-hash path (read once, SHA-256 and
// SM3, write, fsync, re-read, rename, commit) through ImportDir on a shift's
// shape of files in a temp folder: a few large clips and some photos. The
// source is in the page cache after the first run; the archive is written
// and fsynced to the disk for real.
func BenchmarkImport(b *testing.B) {
	src := b.TempDir()
	var total int64
	for i, mib := range []int{64, 48, 48, 32, 32, 16} { // 240 MiB of clips
		total += writeBenchFile(b, filepath.Join(src, "DCIM", fmt.Sprintf("CLIP%04d.MP4", i)), uint64(i), mib<<20)
	}
	for i := range 8 { // 24 MiB of photos
		total += writeBenchFile(b, filepath.Join(src, "PHOTO", fmt.Sprintf("IMG%04d.JPG", i)), uint64(100+i), 3<<20)
	}
	for _, workers := range []int{0, 1, 4} {
		name := fmt.Sprintf("workers=%d", workers)
		if workers == 0 {
			name = "workers=default"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				data := b.TempDir()
				st, err := store.Open(data)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := ingest.ImportDir(context.Background(), st.Workstation(), src,
					records.ImportSpec{DeviceID: "BENCH"}, ingest.Options{Workers: workers})
				b.StopTimer()
				if err != nil || res.Status != store.StatusComplete || res.Bytes != total {
					b.Fatalf("import: %v %s %s", err, res.Status, res.Message)
				}
				st.Close()
				os.RemoveAll(data)
				b.StartTimer()
			}
		})
	}
}

func writeBenchFile(b *testing.B, path string, seed uint64, n int) int64 {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, randomBytes(seed, n), 0o644); err != nil {
		b.Fatal(err)
	}
	return int64(n)
}
