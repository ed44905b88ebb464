// Package cliptest makes tiny real recordings for tests with ffmpeg: MP4
// clips whose creation time the test chooses and a WAV without any date,
// each made once per test binary.
package cliptest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// made holds the clips made so far, by what they were made from.
var made sync.Map

// MP4 is a real MP4 of secs seconds whose mvhd creation time field says
// utcFields, written as "…Z" whatever the writer meant by it: a recorder
// that writes its local wall-clock time passes that time's fields here.
func MP4(t testing.TB, utcFields time.Time, secs int) []byte {
	t.Helper()
	return ffmpeg(t, fmt.Sprint("mp4 ", utcFields.Unix(), " ", secs), "c.mp4",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc=duration=%d:size=32x24:rate=2", secs),
		"-metadata", "creation_time="+utcFields.Format("2006-01-02T15:04:05Z"), "-c:v", "mpeg4")
}

// WAV is a real WAV of one second without any date in it.
func WAV(t testing.TB) []byte {
	t.Helper()
	return ffmpeg(t, "wav", "c.wav", "-f", "lavfi", "-i", "sine=duration=1", "-fflags", "+bitexact")
}

// ffmpeg makes the file name with args once and returns its bytes; without
// ffmpeg the test is skipped with a word on how to get it.
func ffmpeg(t testing.TB, key, name string, args ...string) []byte {
	t.Helper()
	if b, ok := made.Load(key); ok {
		return b.([]byte)
	}
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is needed to make test clips (make test installs it)")
	}
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-loglevel", "error"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	made.Store(key, b)
	return b
}
