package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// maxSegments bounds the JPEG markers (and fill bytes) walked before SOS.
const maxSegments = 1024

// EXIF tags read by ReadJPEG.
const (
	tagDateTime         = 0x0132 // IFD0
	tagExifIFD          = 0x8769 // IFD0: offset of the Exif IFD
	tagDateTimeOriginal = 0x9003
	tagOffsetTime       = 0x9010 // zone of DateTime
	tagOffsetTimeOrig   = 0x9011 // zone of DateTimeOriginal
	tagSubSecTime       = 0x9290
	tagSubSecTimeOrig   = 0x9291
)

// ReadJPEG reads the EXIF block of a JPEG file r of size bytes: the markers
// are walked from SOI up to SOS (the image data is never read), the APP1
// "Exif" segment's TIFF structure is decoded in either byte order, and the
// time is DateTimeOriginal from the Exif IFD, else DateTime from IFD0. The
// time is a wall-clock time (Local) unless OffsetTimeOriginal (or OffsetTime
// for DateTime) gives its zone. A JPEG without EXIF gives an Info without a
// time and no error. The file must end with the EOI marker (trailing zero
// padding allowed); otherwise it is taken as cut short and ErrMalformed is
// returned together with the Info.
func ReadJPEG(r io.ReaderAt, size int64) (Info, error) {
	info := Info{Source: SourceEXIF}
	soi, err := readAt(r, size, 0, 2, "SOI")
	if err != nil {
		return Info{}, fmt.Errorf("media: jpeg: %w", err)
	}
	if soi[0] != 0xFF || soi[1] != 0xD8 {
		return Info{}, fmt.Errorf("media: jpeg: no SOI marker: %w", ErrUnknownFormat)
	}
	off := int64(2)
	found := false
walk:
	for i := 0; ; i++ {
		if i == maxSegments {
			return info, fmt.Errorf("media: jpeg: more than %d markers before SOS: %w", maxSegments, ErrMalformed)
		}
		m, err := readAt(r, size, off, 2, "marker")
		if err != nil {
			return info, fmt.Errorf("media: jpeg: %w", err)
		}
		if m[0] != 0xFF {
			return info, fmt.Errorf("media: jpeg: no marker at offset %d: %w", off, ErrMalformed)
		}
		switch c := m[1]; {
		case c == 0xFF: // fill byte
			off++
			continue
		case c == 0xDA, c == 0xD9: // SOS: image data follows; EOI: no image
			break walk
		case c == 0x01, c == 0xD8, c >= 0xD0 && c <= 0xD7: // no length
			off += 2
			continue
		case c == 0x00:
			return info, fmt.Errorf("media: jpeg: stuffed byte outside scan at offset %d: %w", off, ErrMalformed)
		}
		l, err := readAt(r, size, off+2, 2, "segment length")
		if err != nil {
			return info, fmt.Errorf("media: jpeg: %w", err)
		}
		n := int64(binary.BigEndian.Uint16(l))
		if n < 2 || n > size-off-2 {
			return info, fmt.Errorf("media: jpeg: segment %02X at offset %d: bad length %d: %w", m[1], off, n, ErrMalformed)
		}
		if m[1] == 0xE1 && !found && n >= 2+6+8 {
			seg, err := readAt(r, size, off+4, int(n-2), "APP1")
			if err != nil {
				return info, fmt.Errorf("media: jpeg: %w", err)
			}
			if bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				if info, err = readTIFF(seg[6:]); err != nil {
					return Info{}, fmt.Errorf("media: jpeg: exif: %w", err)
				}
				found = true
			}
		}
		off += 2 + n
	}
	if err := checkEOI(r, size); err != nil {
		return info, fmt.Errorf("media: jpeg: %w", err)
	}
	return info, nil
}

// checkEOI checks that the file ends with the EOI marker, allowing trailing
// zero bytes (written by some cards and cameras as padding).
func checkEOI(r io.ReaderAt, size int64) error {
	n := min(size, 256)
	tail, err := readAt(r, size, size-n, int(n), "tail")
	if err != nil {
		return err
	}
	tail = bytes.TrimRight(tail, "\x00")
	if !bytes.HasSuffix(tail, []byte{0xFF, 0xD9}) {
		return fmt.Errorf("no EOI marker at the end, file cut short: %w", ErrMalformed)
	}
	return nil
}

// tiff is a decoded TIFF/EXIF block.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

// ifdEntry is one 12-byte IFD entry.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // the 4 bytes holding the value or its offset
}

// ifd returns the entries of the IFD at off.
func (t tiff) ifd(off uint32) ([]ifdEntry, error) {
	if uint64(off)+2 > uint64(len(t.b)) {
		return nil, fmt.Errorf("IFD offset %d outside the %d-byte block: %w", off, len(t.b), ErrMalformed)
	}
	n := int(t.bo.Uint16(t.b[off:]))
	start := int(off) + 2
	if start+12*n > len(t.b) {
		return nil, fmt.Errorf("IFD at %d: %d entries do not fit: %w", off, n, ErrMalformed)
	}
	entries := make([]ifdEntry, n)
	for i := range entries {
		e := t.b[start+12*i : start+12*i+12]
		entries[i] = ifdEntry{tag: t.bo.Uint16(e[0:2]), typ: t.bo.Uint16(e[2:4]), count: t.bo.Uint32(e[4:8]), value: e[8:12]}
	}
	return entries, nil
}

// ascii returns the text of an ASCII (or UNDEFINED) entry up to its NUL.
func (t tiff) ascii(e ifdEntry) (string, bool) {
	if e.typ != 2 && e.typ != 7 {
		return "", false
	}
	if e.count <= 4 {
		return cString(e.value[:e.count]), true
	}
	off := uint64(t.bo.Uint32(e.value))
	if off+uint64(e.count) > uint64(len(t.b)) {
		return "", false
	}
	return cString(t.b[off : off+uint64(e.count)]), true
}

// readTIFF finds the recording time in an EXIF TIFF block.
func readTIFF(b []byte) (Info, error) {
	if len(b) < 8 {
		return Info{}, fmt.Errorf("TIFF header of %d bytes: %w", len(b), ErrMalformed)
	}
	t := tiff{b: b}
	switch string(b[0:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return Info{}, fmt.Errorf("byte order %q: %w", b[0:2], ErrMalformed)
	}
	if t.bo.Uint16(b[2:4]) != 42 {
		return Info{}, fmt.Errorf("TIFF magic %d: %w", t.bo.Uint16(b[2:4]), ErrMalformed)
	}
	ifd0, err := t.ifd(t.bo.Uint32(b[4:8]))
	if err != nil {
		return Info{}, fmt.Errorf("IFD0: %w", err)
	}
	vals := map[uint16]string{}
	var exifIFD []ifdEntry
	for _, e := range ifd0 {
		switch e.tag {
		case tagDateTime:
			vals[e.tag], _ = t.ascii(e)
		case tagExifIFD:
			if (e.typ != 4 && e.typ != 13) || e.count != 1 {
				return Info{}, fmt.Errorf("the Exif IFD pointer is of type %d: %w", e.typ, ErrMalformed)
			}
			if exifIFD, err = t.ifd(t.bo.Uint32(e.value)); err != nil {
				return Info{}, fmt.Errorf("the Exif IFD: %w", err)
			}
		}
	}
	for _, e := range exifIFD {
		switch e.tag {
		case tagDateTimeOriginal, tagOffsetTime, tagOffsetTimeOrig, tagSubSecTime, tagSubSecTimeOrig:
			vals[e.tag], _ = t.ascii(e)
		}
	}
	info := Info{Source: SourceEXIF}
	for _, tags := range [][3]uint16{
		{tagDateTimeOriginal, tagOffsetTimeOrig, tagSubSecTimeOrig},
		{tagDateTime, tagOffsetTime, tagSubSecTime},
	} {
		raw := vals[tags[0]]
		wall, ok := parseNumericDateTime(raw)
		if !ok {
			if info.Raw == "" {
				info.Raw = raw // keep an unreadable value if nothing better comes
			}
			continue
		}
		info.Raw, info.Local = raw, true
		wall = wall.Add(subSeconds(vals[tags[2]]))
		if loc, ok := parseOffset(vals[tags[1]]); ok {
			info.Raw += " " + vals[tags[1]]
			info.Local = false
			wall = time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(),
				wall.Second(), wall.Nanosecond(), loc)
		}
		info.RecordedAt = wall
		break
	}
	return info, nil
}

// subSeconds converts an EXIF SubSecTime ("123" = 0.123 s) to a duration.
func subSeconds(s string) time.Duration {
	if len(s) > 9 {
		s = s[:9]
	}
	v, ok := digits(s)
	if !ok {
		return 0
	}
	for i := len(s); i < 9; i++ {
		v *= 10
	}
	return time.Duration(v)
}
