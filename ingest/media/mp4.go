package media

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"time"
)

const (
	// maxBoxes bounds the boxes walked at one level of an MP4 file. A
	// fragmented recording has two top-level boxes per fragment, so this
	// allows hours of one-second fragments.
	maxBoxes = 1 << 14
	// mp4EpochOffset is the number of seconds from 1904-01-01 to 1970-01-01.
	mp4EpochOffset = 2082844800
	// maxMP4Seconds is 9999-12-31 23:59:59 UTC in seconds since 1904; later
	// creation times are treated as unknown.
	maxMP4Seconds = 253402300799 + mp4EpochOffset
)

// box is the header of one ISO BMFF / QuickTime box.
type box struct {
	typ  string
	off  int64 // offset of the header
	hdr  int64 // header length: 8, or 16 with a 64-bit largesize
	size int64 // whole box, header included
}

// readBox reads the box header at off; the box must end by end.
func readBox(r io.ReaderAt, size, off, end int64) (box, error) {
	if end-off < 8 {
		return box{}, fmt.Errorf("box header at offset %d cut short (%d bytes left): %w", off, end-off, ErrMalformed)
	}
	h, err := readAt(r, size, off, 8, "box header")
	if err != nil {
		return box{}, err
	}
	b := box{typ: string(h[4:8]), off: off, hdr: 8}
	switch sz := binary.BigEndian.Uint32(h[0:4]); sz {
	case 0: // box runs to the end of its parent (the file at top level)
		b.size = end - off
	case 1: // 64-bit largesize follows the type
		if end-off < 16 {
			return box{}, fmt.Errorf("box %q at offset %d: largesize cut short: %w", b.typ, off, ErrMalformed)
		}
		ext, err := readAt(r, size, off+8, 8, "box largesize")
		if err != nil {
			return box{}, err
		}
		large := binary.BigEndian.Uint64(ext)
		if large > math.MaxInt64 {
			return box{}, fmt.Errorf("box %q at offset %d: absurd largesize %d: %w", b.typ, off, large, ErrMalformed)
		}
		b.hdr, b.size = 16, int64(large)
	default:
		b.size = int64(sz)
	}
	if b.size < b.hdr {
		return box{}, fmt.Errorf("box %q at offset %d: size %d smaller than its header: %w", b.typ, off, b.size, ErrMalformed)
	}
	if b.size > end-off {
		return box{}, fmt.Errorf("box %q at offset %d: size %d runs past the end (%d bytes left): %w",
			b.typ, off, b.size, end-off, ErrMalformed)
	}
	return b, nil
}

// printableType reports whether t looks like a box type: four printable
// ASCII characters, or QuickTime's © (0xA9) followed by three.
func printableType(t string) bool {
	if len(t) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		c := t[i]
		if (c < 0x20 || c > 0x7E) && !(i == 0 && c == 0xA9) {
			return false
		}
	}
	return true
}

// ReadMP4 reads the movie header (mvhd) of an MP4, MOV or M4A file r of size
// bytes: the creation time (seconds since 1904-01-01, nominally UTC) and the
// duration. It walks the top-level boxes by their sizes, never reading media
// data, and checks that every top-level box fits in the file and that there is
// an mdat box, so a recording cut short gives ErrMalformed even when its moov
// box comes first; the Info read from that moov is returned with the error.
func ReadMP4(r io.ReaderAt, size int64) (Info, error) {
	var (
		info      Info
		found     bool
		haveMedia bool
		off       int64
	)
	if size < 0 {
		return Info{}, fmt.Errorf("media: mp4: negative size %d: %w", size, ErrMalformed)
	}
	for i := 0; off < size; i++ {
		if i == maxBoxes {
			if found {
				return info, nil // too many fragments to check them all
			}
			return Info{}, fmt.Errorf("media: mp4: no moov box in the first %d boxes: %w", maxBoxes, ErrMalformed)
		}
		b, err := readBox(r, size, off, size)
		if err == nil && b.typ == "\x00\x00\x00\x00" && b.hdr == 8 && b.off+b.size == size && found && haveMedia {
			break // zero padding after a complete file (size 0: to the end)
		}
		if err == nil && !printableType(b.typ) {
			err = fmt.Errorf("box type %q at offset %d is not text: %w", b.typ, off, ErrMalformed)
		}
		if err != nil {
			return info, fmt.Errorf("media: mp4: %w", err)
		}
		if b.typ == "moov" && !found {
			if info, err = readMoov(r, size, b); err != nil {
				return Info{}, fmt.Errorf("media: mp4: %w", err)
			}
			found = true
		}
		haveMedia = haveMedia || b.typ == "mdat"
		off += b.size
	}
	if !found {
		return Info{}, fmt.Errorf("media: mp4: no moov box: %w", ErrMalformed)
	}
	if !haveMedia {
		return info, fmt.Errorf("media: mp4: no mdat box, file cut short: %w", ErrMalformed)
	}
	if err := checkEnd(r, size); err != nil {
		return info, fmt.Errorf("media: mp4: %w", err)
	}
	return info, nil
}

// readMoov finds the mvhd box among the children of moov and decodes it.
func readMoov(r io.ReaderAt, size int64, moov box) (Info, error) {
	end := moov.off + moov.size
	off := moov.off + moov.hdr
	for i := 0; off < end && i < maxBoxes; i++ {
		b, err := readBox(r, size, off, end)
		if err != nil {
			return Info{}, fmt.Errorf("moov: %w", err)
		}
		if b.typ == "mvhd" {
			return readMvhd(r, size, b)
		}
		off += b.size
	}
	return Info{}, fmt.Errorf("moov: no mvhd box: %w", ErrMalformed)
}

// readMvhd decodes the times of a version 0 (32-bit) or 1 (64-bit) mvhd.
func readMvhd(r io.ReaderAt, size int64, b box) (Info, error) {
	n := min(b.size-b.hdr, 32)
	p, err := readAt(r, size, b.off+b.hdr, int(n), "mvhd")
	if err != nil {
		return Info{}, err
	}
	if len(p) < 4 {
		return Info{}, fmt.Errorf("mvhd: %d bytes: %w", len(p), ErrMalformed)
	}
	var created, timescale, duration uint64
	var unknownDuration bool
	switch v := p[0]; v {
	case 0:
		if len(p) < 20 {
			return Info{}, fmt.Errorf("mvhd: version 0 with %d bytes: %w", len(p), ErrMalformed)
		}
		created = uint64(binary.BigEndian.Uint32(p[4:8]))
		timescale = uint64(binary.BigEndian.Uint32(p[12:16]))
		d := binary.BigEndian.Uint32(p[16:20])
		duration, unknownDuration = uint64(d), d == math.MaxUint32
	case 1:
		if len(p) < 32 {
			return Info{}, fmt.Errorf("mvhd: version 1 with %d bytes: %w", len(p), ErrMalformed)
		}
		created = binary.BigEndian.Uint64(p[4:12])
		timescale = uint64(binary.BigEndian.Uint32(p[20:24]))
		duration = binary.BigEndian.Uint64(p[24:32])
		unknownDuration = duration == math.MaxUint64
	default:
		return Info{}, fmt.Errorf("mvhd: unknown version %d: %w", v, ErrMalformed)
	}
	info := Info{Source: SourceMP4}
	if created != 0 { // 0 means the writer did not know the time
		info.Raw = fmt.Sprintf("%d s since 1904", created)
		if created <= maxMP4Seconds {
			info.RecordedAt = time.Unix(int64(created)-mp4EpochOffset, 0).UTC()
		}
	}
	if !unknownDuration {
		if d, ok := ratio(duration, timescale); ok {
			info.Duration = d
		}
	}
	return info, nil
}
