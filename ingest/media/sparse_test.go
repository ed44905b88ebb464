package media

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// countingReaderAt counts the reads and bytes asked of a ReaderAt.
type countingReaderAt struct {
	r            io.ReaderAt
	reads, bytes atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.reads.Add(1)
	c.bytes.Add(int64(len(p)))
	return c.r.ReadAt(p, off)
}

// sparseMP4 writes a 4 GiB sparse MP4 to dir: ftyp, a 4 GiB mdat with a
// 64-bit largesize (its data a hole), and the moov at the very end.
func sparseMP4(t testing.TB, dir string) (*os.File, int64) {
	t.Helper()
	const mdatPayload = 4 << 30
	head := append(ftypBox(), mp4LargeBoxHeader("mdat", mdatPayload)...)
	moov := mp4Box("moov", mvhdBox(0, 3878784902, 1000, 4*3600*1000))
	f, err := os.Create(filepath.Join(dir, "sparse.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	end := int64(len(head)) + mdatPayload
	if err := f.Truncate(end); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(moov, end); err != nil {
		t.Fatal(err)
	}
	return f, end + int64(len(moov))
}

// TestProbeReadsLittle checks that Probe on a 4 GiB MP4 whose moov is at the
// end reads only a few header bytes, never the media data.
func TestProbeReadsLittle(t *testing.T) {
	f, size := sparseMP4(t, t.TempDir())
	c := &countingReaderAt{r: f}
	info, err := Probe(c, size, "sparse.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if !info.RecordedAt.Equal(nov29) || info.Duration != 4*time.Hour {
		t.Errorf("got %v, %v; want %v, 4h", info.RecordedAt, info.Duration, nov29)
	}
	t.Logf("4 GiB file: %d reads, %d bytes", c.reads.Load(), c.bytes.Load())
	if c.bytes.Load() >= 64<<10 || c.reads.Load() > 16 {
		t.Errorf("read %d bytes in %d reads, want < 64 KiB in a few reads", c.bytes.Load(), c.reads.Load())
	}
}

// BenchmarkProbeSparse4GiB probes a 4 GiB sparse MP4 (moov at the end); the
// MB/s figure is the file size over the probe time, and bytes-read/op shows
// how little of it is read.
func BenchmarkProbeSparse4GiB(b *testing.B) {
	f, size := sparseMP4(b, b.TempDir())
	c := &countingReaderAt{r: f}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Probe(c, size, "sparse.mp4"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.bytes.Load())/float64(b.N), "bytes-read/op")
}

// failingReaderAt fails every read at or after off with err.
type failingReaderAt struct {
	r   io.ReaderAt
	off int64
	err error
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.off {
		return 0, f.err
	}
	return f.r.ReadAt(p, off)
}

// TestReadErrors checks that an I/O error (a recorder pulled out mid-read)
// reaches the caller wrapped, not disguised as a damaged file.
func TestReadErrors(t *testing.T) {
	boom := errors.New("device removed")
	for name, in := range inputs(t) {
		for _, at := range []int64{0, 20, int64(len(in.data)) - 1} {
			r := failingReaderAt{bytes.NewReader(in.data), at, boom}
			_, err := Probe(r, int64(len(in.data)), name)
			if !errors.Is(err, boom) {
				t.Errorf("%s: read failing at %d: err = %v, want %v", name, at, err, boom)
			}
		}
	}
}
