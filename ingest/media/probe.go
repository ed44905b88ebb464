// Package media reads the recording time and duration of a recording from the
// metadata around its media data: the MP4/MOV movie header, the RIFF headers of
// AVI and WAV files and the EXIF block of JPEG photos.
//
// The parsers read only headers, through io.ReaderAt offsets, so a file of
// several gigabytes costs a handful of small reads. They treat their input as
// hostile: every loop is bounded, every size is checked against the file, and
// bad input gives an error wrapping ErrMalformed, never a panic.
package media

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"path/filepath"
	"strings"
	"time"
)

// Source says which metadata gave a time.
type Source string

// The metadata a time or duration can come from.
const (
	// SourceMP4 is the mvhd (movie header) box of an MP4, MOV or M4A file.
	SourceMP4 Source = "mp4-mvhd"
	// SourceAVI is the avih (main AVI header) of an AVI file, with the date
	// of its IDIT or INFO/ICRD chunk when there is one.
	SourceAVI Source = "riff-avih"
	// SourceWAV is the fmt and data chunks of a WAV file, with the date of
	// its bext (Broadcast Wave) chunk when there is one.
	SourceWAV Source = "riff-wav"
	// SourceEXIF is the EXIF block of a JPEG file.
	SourceEXIF Source = "exif"
)

// Info is what the metadata of a recording says.
type Info struct {
	// RecordedAt is the recording (creation) time; zero when the file does
	// not say. When Local is true it holds the stored wall-clock value in
	// time.UTC, and the caller must apply the recorder's zone.
	RecordedAt time.Time
	// Raw is the value as stored, e.g. "2026:11:29 08:15:02" or
	// "3847392000 s since 1904"; empty when the file holds no time.
	Raw string
	// Local is true when the stored value is a wall-clock time without a
	// zone (EXIF without an offset, WAV bext, AVI IDIT). MP4 times are
	// nominally UTC and keep Local false, although many cameras write local
	// time there: the caller decides from the device profile.
	Local bool
	// Duration is the length of the recording; zero when unknown.
	Duration time.Duration
	// Source is the metadata that was read.
	Source Source
}

// ErrUnknownFormat is returned (wrapped) when the content is not a format this
// package reads; the caller should fall back to other clues such as the name.
var ErrUnknownFormat = errors.New("unknown media format")

// ErrMalformed is returned (wrapped) when the content looks like a known format
// but its metadata is damaged, truncated or absurd.
var ErrMalformed = errors.New("malformed media metadata")

// Probe reads the metadata of the recording r, which is size bytes long. It
// chooses the parser by content (magic bytes); the extension of name is only a
// hint, used when the content matches no format, so that a damaged .mp4 gives
// ErrMalformed rather than ErrUnknownFormat.
//
// When the error is non-nil the Info may still hold what was read before the
// fault was found (for instance the time of an MP4 whose media data is cut
// short); callers that do not want partial results should ignore it.
func Probe(r io.ReaderAt, size int64, name string) (Info, error) {
	if size < 0 {
		return Info{}, fmt.Errorf("media: %s: negative size %d: %w", name, size, ErrMalformed)
	}
	head, err := readAt(r, size, 0, int(min(size, 16)), "header")
	if err != nil {
		return Info{}, fmt.Errorf("media: %s: %w", name, err)
	}
	switch {
	case isJPEG(head):
		return ReadJPEG(r, size)
	case isRIFF(head):
		return ReadRIFF(r, size)
	case isMP4(head):
		return ReadMP4(r, size)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".mp4", ".mov", ".m4a", ".m4v", ".3gp", ".qt":
		return ReadMP4(r, size)
	case ".avi", ".wav":
		return ReadRIFF(r, size)
	case ".jpg", ".jpeg":
		return ReadJPEG(r, size)
	}
	return Info{}, fmt.Errorf("media: %s: %w", name, ErrUnknownFormat)
}

func isJPEG(h []byte) bool {
	return len(h) >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF
}

func isRIFF(h []byte) bool {
	if len(h) < 12 {
		return false
	}
	magic, form := string(h[0:4]), string(h[8:12])
	return (magic == "RIFF" || magic == "RF64") && (form == "AVI " || form == "WAVE")
}

// mp4TopLevel lists box types that may open an ISO BMFF or QuickTime file.
var mp4TopLevel = []string{"ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "uuid"}

func isMP4(h []byte) bool {
	if len(h) < 8 {
		return false
	}
	for _, t := range mp4TopLevel {
		if bytes.Equal(h[4:8], []byte(t)) {
			return true
		}
	}
	return false
}

// readAt reads exactly n bytes at off, with context for errors. A read past
// the end of the file, by size or by the reader, is ErrMalformed (the file is
// truncated); other read errors are passed on wrapped.
func readAt(r io.ReaderAt, size, off int64, n int, what string) ([]byte, error) {
	if off < 0 || n < 0 || off > size || int64(n) > size-off {
		return nil, fmt.Errorf("%s: %d bytes at offset %d past end of file (%d bytes): %w",
			what, n, off, size, ErrMalformed)
	}
	buf := make([]byte, n)
	got, err := r.ReadAt(buf, off)
	if got == n {
		return buf, nil
	}
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("%s: short read at offset %d: %w", what, off, ErrMalformed)
	}
	return nil, fmt.Errorf("%s: read at offset %d: %w", what, off, err)
}

// ratio returns num/den seconds as a Duration; ok is false when den is zero or
// the result does not fit.
func ratio(num, den uint64) (d time.Duration, ok bool) {
	if den == 0 {
		return 0, false
	}
	const maxSecs = uint64(1<<63-1) / uint64(time.Second)
	secs, rem := num/den, num%den
	if secs >= maxSecs {
		return 0, false
	}
	// rem < den, so rem*1e9/den < 1e9 and the 128-bit division cannot overflow.
	hi, lo := bits.Mul64(rem, uint64(time.Second))
	frac, _ := bits.Div64(hi, lo, den)
	return time.Duration(secs*uint64(time.Second) + frac), true
}

// wallClock builds a time from calendar fields, rejecting impossible values
// (time.Date would normalise 2026-02-30 to March 2). A leap second (:60) is
// kept as the first instant of the next minute.
func wallClock(y, mo, d, h, mi, s, ns int, loc *time.Location) (time.Time, bool) {
	if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || ns < 0 || ns >= 1e9 {
		return time.Time{}, false
	}
	leap := s == 60
	if leap {
		s, ns = 59, 0
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
	if t.Day() != d || t.Month() != time.Month(mo) {
		return time.Time{}, false
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t, true
}

// digits parses s as a non-negative decimal number of exactly len(s) digits.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// cString returns b up to its first NUL, without trailing white space.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.TrimRight(string(b), " \t\r\n")
}

// checkEnd reads the last byte of the file, so that a reader shorter than the
// size it was given (a file cut short after it was measured) is noticed even
// when the headers never lead there.
func checkEnd(r io.ReaderAt, size int64) error {
	if size == 0 {
		return nil
	}
	_, err := readAt(r, size, size-1, 1, "end of file")
	return err
}
