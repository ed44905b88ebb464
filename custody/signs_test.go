package custody

import (
	"fmt"
	"strings"
	"testing"
)

func TestClipNumber(t *testing.T) {
	for _, tc := range []struct {
		name, series string
		n, digits    int
		ok           bool
	}{
		{"FILE0003.MP4", "dcf", 3, 4, true},
		{"DSCF0012.JPG", "dcf", 12, 4, true},
		{"IMG_0420.jpg", "dcf", 420, 4, true},
		{"REC004.WAV", "rec", 4, 3, true},
		{"rec000123.mp3", "rec", 123, 6, true},
		{"20250303_081502_DEV1_3.MP4", "seq:DEV1", 3, 1, true},
		{"DEV1_1001_20250303081502_2.MP4", "seg:DEV1_1001_20250303081502", 2, 1, true},
		{"DEV1_1001_20250303081502.MP4", "", 0, 0, false},
		{"20250303.MP4", "", 0, 0, false}, // a date is no counter
		{"20250303-081502.wav", "", 0, 0, false},
		{"clip.mp4", "", 0, 0, false},
		{"", "", 0, 0, false},
	} {
		series, n, digits, ok := clipNumber(tc.name)
		if series != tc.series || n != tc.n || digits != tc.digits || ok != tc.ok {
			t.Errorf("clipNumber(%q) = %q %d %d %v, want %q %d %d %v", tc.name, series, n, digits, ok, tc.series, tc.n, tc.digits, tc.ok)
		}
	}
}

// File names come from recorders, so clipNumber reads outside bytes: it
// never panics, and a number it reads is written in the name.
func FuzzClipNumber(f *testing.F) {
	for _, s := range []string{"FILE0003.MP4", "REC004.WAV", "20250303_081502_DEV1_3.MP4", "DEV1_1001_20250303081502_2.MP4", "a.b.c", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		series, n, digits, ok := clipNumber(name)
		if !ok {
			return
		}
		if series == "" || n < 0 || digits < 1 || !strings.Contains(name, fmt.Sprintf("%0*d", digits, n)) {
			t.Fatalf("clipNumber(%q) = %q %d %d", name, series, n, digits)
		}
	})
}
