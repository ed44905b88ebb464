package media

import (
	"encoding/binary"
	"fmt"
	"time"
)

// aviHeaders is what readAVI collects from the hdrl list.
type aviHeaders struct {
	haveAvih            bool
	usPerFrame          uint64 // avih dwMicroSecPerFrame
	frames              uint64 // avih dwTotalFrames (first RIFF part only)
	odmlFrames          uint64 // odml/dmlh dwTotalFrames (whole file)
	scale, rate, length uint64 // strh of the first video stream
	haveVideo           bool
	idit, icrd          string
}

// readAVI reads hdrl (avih, the first video strh, odml/dmlh, IDIT), a
// top-level IDIT and INFO/ICRD; movi and idx1 are skipped by offset.
func (f *riffFile) readAVI() (Info, error) {
	var h aviHeaders
	err := f.walk(12, f.end, func(c chunk) (bool, error) {
		switch c.id {
		case "IDIT":
			var err error
			h.idit, err = f.text(c)
			return err != nil, err
		case "LIST":
			t, err := f.listType(c)
			if err != nil {
				return true, err
			}
			if t == "hdrl" || t == "INFO" {
				return false, f.walk(c.off+4, c.off+c.size, func(c chunk) (bool, error) {
					return false, f.aviHeader(c, &h)
				})
			}
		}
		return false, nil // movi, idx1, JUNK...
	})
	info := Info{Source: SourceAVI}
	if err == nil && !h.haveAvih {
		err = fmt.Errorf("no avih header: %w", ErrMalformed)
	}
	info.Duration = h.duration()
	switch {
	case h.idit != "":
		info.Raw = h.idit
		info.RecordedAt, info.Local = parseRIFFDate(h.idit)
	case h.icrd != "":
		info.Raw = h.icrd
		info.RecordedAt, info.Local = parseRIFFDate(h.icrd)
	}
	return info, err
}

// aviHeader reads one chunk of the hdrl or INFO list into h, descending one
// level into strl and odml lists.
func (f *riffFile) aviHeader(c chunk, h *aviHeaders) error {
	var err error
	switch c.id {
	case "avih":
		if c.size < 20 {
			return fmt.Errorf("avih: %d bytes: %w", c.size, ErrMalformed)
		}
		var b []byte
		if b, err = readAt(f.r, f.size, c.off, 20, "avih"); err == nil {
			h.haveAvih = true
			h.usPerFrame = uint64(binary.LittleEndian.Uint32(b[0:4]))
			h.frames = uint64(binary.LittleEndian.Uint32(b[16:20]))
		}
	case "IDIT":
		h.idit, err = f.text(c)
	case "ICRD":
		h.icrd, err = f.text(c)
	case "LIST":
		var t string
		if t, err = f.listType(c); err != nil || (t != "strl" && t != "odml") {
			return err
		}
		err = f.walk(c.off+4, c.off+c.size, func(c chunk) (bool, error) {
			switch {
			case c.id == "dmlh" && c.size >= 4:
				b, err := readAt(f.r, f.size, c.off, 4, "dmlh")
				if err == nil {
					h.odmlFrames = uint64(binary.LittleEndian.Uint32(b))
				}
				return true, err
			case c.id == "strh" && c.size >= 36 && !h.haveVideo:
				b, err := readAt(f.r, f.size, c.off, 36, "strh")
				if err == nil && string(b[0:4]) == "vids" {
					h.haveVideo = true
					h.scale = uint64(binary.LittleEndian.Uint32(b[20:24]))
					h.rate = uint64(binary.LittleEndian.Uint32(b[24:28]))
					h.length = uint64(binary.LittleEndian.Uint32(b[32:36]))
				}
				return true, err
			}
			return false, nil
		})
	}
	return err
}

// duration prefers the video stream's exact rate (dwLength × dwScale /
// dwRate, which covers the whole file), then avih's rounded frame duration
// times the frame count (OpenDML's when larger: avih counts only the first
// RIFF part).
func (h *aviHeaders) duration() time.Duration {
	if h.haveVideo && h.length > 0 {
		if d, ok := ratio(h.length*h.scale, h.rate); ok && d > 0 {
			return d
		}
	}
	frames := max(h.frames, h.odmlFrames)
	if d, ok := ratio(h.usPerFrame*frames, 1e6); ok {
		return d
	}
	return 0
}
