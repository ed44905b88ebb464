package archive

import (
	"io"
	"os"

	"evidock/pagecache"
)

// writebackStep is how much of a temp file may wait in memory before the
// kernel is asked to start writing it to the disk.
const writebackStep = 8 << 20

// TempFile is a recording on its way into the archive (see
// ImportRun.CreateTemp). As it is written it asks the kernel to start
// putting what it holds on the disk, where the OS offers that, so the disk
// writes while the cores hash, and the fsync that seals a large recording
// waits for its last few MiB rather than all of it. Only Write does that;
// ReadFrom, which io.Copy prefers, is the plain *os.File one.
type TempFile struct {
	*os.File
	written, started int64
	hole             bool // the file ends in a hole Skip left: Seal sets its size
}

// Write writes p at the end of the file.
func (t *TempFile) Write(p []byte) (int, error) {
	n, err := t.File.Write(p)
	t.written += int64(n)
	if t.written-t.started >= writebackStep {
		pagecache.StartWriteback(t.File, t.started, t.written-t.started)
		t.started = t.written
	}
	return n, err
}

// Skip leaves n bytes of zeros as a hole instead of writing them, so that
// a recording of zeros (a sparse file on the recorder) takes no space in
// the archive; it reads back as the zeros it stands for.
func (t *TempFile) Skip(n int) error {
	if _, err := t.File.Seek(int64(n), io.SeekCurrent); err != nil {
		return err
	}
	t.written += int64(n)
	t.hole = true
	return nil
}

// fillHoleAtEnd gives a file that ends in a hole its full size.
func (t *TempFile) fillHoleAtEnd() error {
	if !t.hole {
		return nil
	}
	return t.File.Truncate(t.written)
}

// Discard closes and removes a temp file that will not be archived.
func (t *TempFile) Discard() {
	t.Close()
	os.Remove(t.Name())
}
