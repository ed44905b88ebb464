package media

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seeds adds the fixtures and hand-made inputs whose name ends in one of
// exts (all when exts is empty) to the corpus of f.
func seeds(f *testing.F, add func(data []byte, name string), exts ...string) {
	names, err := filepath.Glob(filepath.Join(fixDir, "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	data := map[string][]byte{}
	for _, p := range names {
		if filepath.Ext(p) == ".sh" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		data[filepath.Base(p)] = b
	}
	for name, b := range builtMP4s() {
		data[name] = b
	}
	for name, b := range exifJPEGs(f) {
		data[name] = b
	}
	data["idit.avi"] = aviWithIDIT(40000, 50, "THU NOV 29 08:15:02 2026\n\x00")
	for name, b := range data {
		if len(exts) == 0 || hasExt(name, exts) {
			add(b, name)
		}
	}
}

func hasExt(name string, exts []string) bool {
	for _, e := range exts {
		if strings.HasSuffix(name, e) {
			return true
		}
	}
	return false
}

func FuzzProbe(f *testing.F) {
	seeds(f, func(b []byte, name string) { f.Add(b, name) })
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		info, err := Probe(bytes.NewReader(data), int64(len(data)), name)
		checkSane(t, info, err)
	})
}

func FuzzMP4(f *testing.F) {
	seeds(f, func(b []byte, _ string) { f.Add(b) }, ".mp4", ".mov", ".m4a")
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := ReadMP4(bytes.NewReader(data), int64(len(data)))
		checkSane(t, info, err)
	})
}

func FuzzRIFF(f *testing.F) {
	seeds(f, func(b []byte, _ string) { f.Add(b) }, ".avi", ".wav")
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := ReadRIFF(bytes.NewReader(data), int64(len(data)))
		checkSane(t, info, err)
	})
}

func FuzzJPEG(f *testing.F) {
	seeds(f, func(b []byte, _ string) { f.Add(b) }, ".jpg")
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := ReadJPEG(bytes.NewReader(data), int64(len(data)))
		checkSane(t, info, err)
	})
}

// Sniff takes any bytes without panicking.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0x47})
	f.Fuzz(func(t *testing.T, b []byte) {
		Sniff(bytes.NewReader(b), int64(len(b)))
	})
}
