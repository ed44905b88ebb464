package media

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	nov29  = time.Date(2026, 11, 29, 8, 15, 2, 0, time.UTC)
	cst    = time.FixedZone("+08:00", 8*3600)
	frame  = 40 * time.Millisecond // one frame at 25 fps
	exact  = time.Duration(0)
	fixDir = "testdata"
)

// want is the known answer for one input.
type want struct {
	at       time.Time
	raw      string
	local    bool
	duration time.Duration
	slack    time.Duration // allowed difference in duration
	source   Source
}

// inputs returns every known-answer input: the ffmpeg fixtures and the
// hand-made files, with what Probe must say about them.
func inputs(t testing.TB) map[string]struct {
	data []byte
	want want
} {
	fixtures := map[string]want{
		"moov_last.mp4": {nov29, "3878784902 s since 1904", false, time.Second, frame, SourceMP4},
		"faststart.mp4": {nov29, "3878784902 s since 1904", false, time.Second, frame, SourceMP4},
		"clip.mov": {time.Date(2025, 3, 4, 23, 59, 58, 0, time.UTC), "3823977598 s since 1904", false,
			2 * time.Second, frame, SourceMP4},
		"audio.m4a": {time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), "3792052800 s since 1904", false,
			1500 * time.Millisecond, 128 * time.Millisecond, SourceMP4}, // one AAC frame: 1024/8000 s
		"clip.avi":   {time.Time{}, "", false, time.Second, exact, SourceAVI},
		"bext.wav":   {nov29, "2026-11-29 08:15:02", true, 500 * time.Millisecond, exact, SourceWAV},
		"pcm16.wav":  {time.Time{}, "", false, 250 * time.Millisecond, exact, SourceWAV},
		"rf64.wav":   {time.Time{}, "", false, 250 * time.Millisecond, exact, SourceWAV},
		"noexif.jpg": {time.Time{}, "", false, 0, exact, SourceEXIF},
	}
	built := map[string]want{
		"large_v1.mp4": {nov29, "3878784902 s since 1904", false, time.Hour + 500*time.Millisecond, exact, SourceMP4},
		"size0.mp4":    {nov29, "3878784902 s since 1904", false, 2 * time.Second, exact, SourceMP4},
		"unknown.mp4":  {time.Time{}, "", false, 0, exact, SourceMP4},
		"idit.avi":     {nov29, "THU NOV 29 08:15:02 2026", true, 2 * time.Second, exact, SourceAVI},
		"idit_num.avi": {nov29, "2026:11:29 08:15:02", true, 1001010 * time.Microsecond, exact, SourceAVI},
		"exif_ii.jpg":  {nov29, "2026:11:29 08:15:02", true, 0, exact, SourceEXIF},
		"exif_mm.jpg":  {nov29, "2026:11:29 08:15:02", true, 0, exact, SourceEXIF},
		"exif_datetime.jpg": {time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), "2026:11:30 09:00:00", true,
			0, exact, SourceEXIF},
		"exif_offset.jpg": {time.Date(2026, 11, 29, 8, 15, 2, 250e6, cst), "2026:11:29 08:15:02 +08:00", false,
			0, exact, SourceEXIF},
		"exif_blank.jpg": {time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), "2026:11:30 09:00:00", true,
			0, exact, SourceEXIF},
	}
	all := map[string]struct {
		data []byte
		want want
	}{}
	for name, w := range fixtures {
		all[name] = struct {
			data []byte
			want want
		}{readFixture(t, name), w}
	}
	data := builtMP4s()
	data["idit.avi"] = aviWithIDIT(40000, 50, "THU NOV 29 08:15:02 2026\n\x00")
	data["idit_num.avi"] = aviWithIDIT(33367, 30, "2026:11:29 08:15:02")
	for name, b := range exifJPEGs(t) {
		data[name] = b
	}
	for name, w := range built {
		all[name] = struct {
			data []byte
			want want
		}{data[name], w}
	}
	return all
}

func TestProbeKnownAnswers(t *testing.T) {
	for name, in := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			got, err := Probe(bytes.NewReader(in.data), int64(len(in.data)), name)
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			w := in.want
			if !got.RecordedAt.Equal(w.at) || got.RecordedAt.IsZero() != w.at.IsZero() {
				t.Errorf("RecordedAt = %v, want %v", got.RecordedAt, w.at)
			}
			if !w.at.IsZero() && got.RecordedAt.Location().String() != w.at.Location().String() {
				t.Errorf("RecordedAt zone = %v, want %v", got.RecordedAt.Location(), w.at.Location())
			}
			if got.Raw != w.raw || got.Local != w.local || got.Source != w.source {
				t.Errorf("Raw, Local, Source = %q, %v, %q; want %q, %v, %q",
					got.Raw, got.Local, got.Source, w.raw, w.local, w.source)
			}
			if diff := (got.Duration - w.duration).Abs(); diff > w.slack {
				t.Errorf("Duration = %v, want %v ± %v", got.Duration, w.duration, w.slack)
			}
		})
	}
}

// TestProbeFile runs Probe on the fixtures as real files on disk.
func TestProbeFile(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(fixDir, "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range names {
		if filepath.Ext(path) == ".sh" {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		// A misleading name: the content decides.
		if _, err := Probe(f, st.Size(), "renamed.bin"); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		f.Close()
	}
}

func TestProbeUnknownFormats(t *testing.T) {
	for name, data := range map[string][]byte{
		"a.mp3":   append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 64)...),
		"b.amr":   []byte("#!AMR\n\x3c\x00\x00\x00\x00\x00\x00\x00"),
		"c.aac":   {0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC, 0, 0, 0, 0, 0},
		"d.ts":    append([]byte{0x47, 0x40, 0x00, 0x10}, make([]byte, 184)...),
		"e.mkv":   {0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0, 0, 0},
		"f.png":   []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"empty":   {},
		"g.txt":   []byte("hello"),
		"RIFFcdx": []byte("RIFF\x10\x00\x00\x00CDXAfmt "),
	} {
		_, err := Probe(bytes.NewReader(data), int64(len(data)), name)
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: err = %v, want ErrUnknownFormat", name, err)
		}
	}
	// A known extension on unknown bytes is a damaged file.
	junk := []byte("this is not a movie at all, just text")
	if _, err := Probe(bytes.NewReader(junk), int64(len(junk)), "clip.MP4"); !errors.Is(err, ErrMalformed) {
		t.Errorf("junk .MP4: err = %v, want ErrMalformed", err)
	}
}

// TestZeroPadding checks that zero bytes after a complete MP4 (written by
// some cameras into preallocated files) are accepted, and zero bytes where
// the moov should be are not.
func TestZeroPadding(t *testing.T) {
	full := append(readFixture(t, "moov_last.mp4"), make([]byte, 64)...)
	info, err := ReadMP4(bytes.NewReader(full), int64(len(full)))
	if err != nil || !info.RecordedAt.Equal(nov29) {
		t.Errorf("padded moov_last.mp4: %v, %v", info.RecordedAt, err)
	}
	noMoov := readFixture(t, "moov_last.mp4")
	at := bytes.Index(noMoov, []byte("moov")) - 4
	clear(noMoov[at:])
	if _, err := ReadMP4(bytes.NewReader(noMoov), int64(len(noMoov))); !errors.Is(err, ErrMalformed) {
		t.Errorf("zeroed moov: err = %v, want ErrMalformed", err)
	}
}

// TestTruncated cuts every input short at many points: each cut must give
// an error (the parsers check that the file is as long as its headers say).
func TestTruncated(t *testing.T) {
	for name, in := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			n := len(in.data)
			if name == "size0.mp4" {
				// Its last box runs "to the end of the file": a cut
				// inside it cannot be seen, a cut before it can.
				n = bytes.LastIndex(in.data, []byte("mdat")) + 4
			}
			for cut := 0; cut < n; cut++ {
				if cut > 600 && cut < n-600 && cut%13 != 0 {
					continue // every byte near the ends, a sample in between
				}
				_, err := Probe(bytes.NewReader(in.data[:cut]), int64(cut), name)
				if err == nil {
					t.Fatalf("cut at %d of %d: no error", cut, n)
				}
				if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownFormat) {
					t.Fatalf("cut at %d: err = %v, want a sentinel", cut, err)
				}
			}
			// A reader shorter than the size given must not fool the parser.
			short := in.data[:len(in.data)-1]
			if _, err := Probe(bytes.NewReader(short), int64(len(in.data)), name); err == nil {
				t.Errorf("reader of %d bytes claimed as %d: no error", len(short), len(in.data))
			}
		})
	}
}

// TestCorrupted flips bytes all over each input: the parsers may or may not
// notice (media data is never read), but they must not panic, and what they
// return must be sane.
func TestCorrupted(t *testing.T) {
	for name, in := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			for i := 0; i < len(in.data); i++ {
				if i > 600 && i%7 != 0 {
					continue
				}
				for _, v := range []byte{0x00, 0xFF, 0x7F, in.data[i] ^ 0x01} {
					b := bytes.Clone(in.data)
					b[i] = v
					info, err := Probe(bytes.NewReader(b), int64(len(b)), name)
					checkSane(t, info, err)
				}
			}
		})
	}
}

// checkSane checks what every parser promises for any input.
func checkSane(t testing.TB, info Info, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("error without a sentinel: %v", err)
	}
	if info.Duration < 0 {
		t.Fatalf("negative duration %v", info.Duration)
	}
	if y := info.RecordedAt.Year(); !info.RecordedAt.IsZero() && (y < 1 || y > 9999) {
		t.Fatalf("RecordedAt %v out of range", info.RecordedAt)
	}
	if info.Local && info.RecordedAt.Location() != time.UTC {
		t.Fatalf("local time not kept in UTC: %v", info.RecordedAt)
	}
}

// TestMalformed damages the headers on purpose: each case must be
// ErrMalformed.
func TestMalformed(t *testing.T) {
	mp4 := builtMP4s()["size0.mp4"]
	avi := aviWithIDIT(40000, 50, "2026:11:29 08:15:02")
	wav := readFixture(t, "pcm16.wav")
	jpg := exifJPEGs(t)["exif_ii.jpg"]
	set := func(b []byte, off int, v ...byte) []byte {
		b = bytes.Clone(b)
		copy(b[off:], v)
		return b
	}
	mvhd := bytes.Index(mp4, []byte("mvhd"))
	moov := bytes.Index(mp4, []byte("moov"))
	cases := map[string][]byte{
		"mp4 box smaller than header": set(mp4, 0, 0, 0, 0, 4),
		"mp4 moov past end":           set(mp4, moov-4, 0x7F, 0xFF, 0xFF, 0xFF),
		"mp4 largesize absurd":        append(set(mp4[:24], 0), 0, 0, 0, 1, 'm', 'd', 'a', 't', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
		"mp4 mvhd version 7":          set(mp4, mvhd+4, 7),
		"mp4 mvhd too short":          set(mp4, mvhd-4, 0, 0, 0, 12),
		"mp4 no mvhd":                 set(mp4, mvhd, 'x'),
		"mp4 binary box type":         set(mp4, 4, 0, 1, 2, 3),
		"avi no avih":                 set(avi, bytes.Index(avi, []byte("avih")), 'x'),
		"avi chunk past end":          set(avi, bytes.Index(avi, []byte("IDIT"))+4, 0xFF, 0xFF, 0, 0),
		"avi binary chunk id":         set(avi, 12, 1, 2, 3, 4),
		"wav no fmt":                  set(wav, 12, 'x'),
		"wav no data":                 set(wav, bytes.Index(wav, []byte("data")), 'x'),
		"wav fmt too short":           set(wav, 16, 8),
		"wav riff longer than file":   set(wav, 4, 0xFF, 0xFF, 0, 0),
		"jpeg segment length 1":       set(jpg, 4, 0, 1),
		"jpeg segment past end":       set(jpg, 4, 0xFF, 0xFF),
		"jpeg tiff byte order":        set(jpg, 12, 'X', 'X'),
		"jpeg tiff magic":             set(jpg, 14, 43),
		"jpeg ifd0 offset":            set(jpg, 16, 0xFF, 0xFF),
		"jpeg exif pointer":           set(jpg, bytes.Index(jpg, []byte{0x69, 0x87})+6, 0xFF, 0xFF),
		"jpeg no marker":              set(jpg, 2, 0x12),
		"jpeg no EOI":                 jpg[:len(jpg)-1],
	}
	for name, b := range cases {
		// The extension sends bytes that no longer look like the format
		// to its parser.
		ext := "." + strings.Fields(name)[0]
		info, err := Probe(bytes.NewReader(b), int64(len(b)), name+ext)
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v (info %+v), want ErrMalformed", name, err, info)
		}
	}
}

func TestParseDates(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026:11:29 08:15:02", true},
		{"2026-11-29T08:15:02", true},
		{"2026/11/29 08:15:02", true},
		{"0000:00:00 00:00:00", false},
		{"2026:02:30 08:15:02", false},
		{"2026:11:29 24:00:00", false},
		{"2026:11:29 08:15", false},
		{"2026:1:29 008:15:02", false},
		{"THU NOV 29 08:15:02 2026", true},
		{"Sun Nov  9 08:15:02 2026\n", true},
		{"NOV 29 08:15:02 2026", true},
	} {
		_, ok := parseRIFFDate(tc.in)
		if ok != tc.ok {
			t.Errorf("parseRIFFDate(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		}
	}
	if _, ok := parseOffset("+08:00"); !ok {
		t.Error("parseOffset(+08:00) failed")
	}
	for _, bad := range []string{"", "08:00", "+8:00", "+15:00", "+08:60", "Z"} {
		if _, ok := parseOffset(bad); ok {
			t.Errorf("parseOffset(%q) accepted", bad)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, tc := range []struct {
		num, den uint64
		want     time.Duration
		ok       bool
	}{
		{1000, 1000, time.Second, true},
		{1, 3, 333333333, true},
		{1 << 63, 1, 0, false},
		{5, 0, 0, false},
		{1<<64 - 1, 1<<64 - 1, time.Second, true},
		{1<<64 - 2, 1<<64 - 1, 999999999, true},
	} {
		got, ok := ratio(tc.num, tc.den)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ratio(%d, %d) = %v, %v; want %v, %v", tc.num, tc.den, got, ok, tc.want, tc.ok)
		}
	}
}
