package media

import (
	"encoding/binary"
	"fmt"
	"time"
)

// bext (EBU Tech 3285) field offsets: Description[256], Originator[32],
// OriginatorReference[32], OriginationDate[10], OriginationTime[8].
const (
	bextDate = 256 + 32 + 32
	bextTime = bextDate + 10
	bextEnd  = bextTime + 8
)

// WAVE format tags whose block align gives the exact frame count.
var pcmFormats = map[uint16]bool{
	0x0001: true, // PCM
	0x0003: true, // IEEE float
	0x0006: true, // A-law
	0x0007: true, // µ-law
	0xFFFE: true, // WAVE_FORMAT_EXTENSIBLE
}

// wavFmt is the part of the fmt chunk needed for the duration.
type wavFmt struct {
	tag        uint16
	sampleRate uint32
	byteRate   uint32
	blockAlign uint16
}

// readWAV reads fmt, fact, data, bext and INFO/ICRD.
func (f *riffFile) readWAV() (Info, error) {
	info := Info{Source: SourceWAV}
	var (
		format         *wavFmt
		dataSize       int64 = -1
		factSamples    int64 = -1
		bextRaw, icrd  string
		bextTimeOK     bool
		bextRecordedAt time.Time
	)
	err := f.walk(12, f.end, func(c chunk) (bool, error) {
		switch c.id {
		case "fmt ":
			if c.size < 16 {
				return true, fmt.Errorf("fmt: %d bytes: %w", c.size, ErrMalformed)
			}
			b, err := readAt(f.r, f.size, c.off, 16, "fmt")
			if err != nil {
				return true, err
			}
			format = &wavFmt{
				tag:        binary.LittleEndian.Uint16(b[0:2]),
				sampleRate: binary.LittleEndian.Uint32(b[4:8]),
				byteRate:   binary.LittleEndian.Uint32(b[8:12]),
				blockAlign: binary.LittleEndian.Uint16(b[12:14]),
			}
		case "fact":
			if c.size >= 4 {
				b, err := readAt(f.r, f.size, c.off, 4, "fact")
				if err != nil {
					return true, err
				}
				factSamples = int64(binary.LittleEndian.Uint32(b))
			}
		case "data":
			if dataSize < 0 {
				dataSize = c.size // the samples themselves are never read
			}
		case "bext":
			if c.size < bextEnd {
				return false, nil // too short to hold a date: ignore
			}
			b, err := readAt(f.r, f.size, c.off+bextDate, bextEnd-bextDate, "bext")
			if err != nil {
				return true, err
			}
			date, clock := cString(b[:10]), cString(b[10:])
			if date != "" || clock != "" {
				bextRaw = date + " " + clock
				bextRecordedAt, bextTimeOK = parseBextDate(date, clock)
			}
		case "LIST":
			t, err := f.listType(c)
			if err != nil || t != "INFO" {
				return err != nil, err
			}
			return false, f.walk(c.off+4, c.off+c.size, func(c chunk) (bool, error) {
				if c.id != "ICRD" {
					return false, nil
				}
				var err error
				icrd, err = f.text(c)
				return true, err
			})
		}
		return false, nil
	})
	switch {
	case bextRaw != "":
		info.Raw = bextRaw
		info.RecordedAt, info.Local = bextRecordedAt, bextTimeOK
	case icrd != "":
		info.Raw = icrd
		info.RecordedAt, info.Local = parseRIFFDate(icrd)
	}
	if err != nil {
		return info, err
	}
	if format == nil {
		return info, fmt.Errorf("no fmt chunk: %w", ErrMalformed)
	}
	if dataSize < 0 {
		return info, fmt.Errorf("no data chunk: %w", ErrMalformed)
	}
	if f.samples > 0 && factSamples < 0 {
		factSamples = f.samples // RF64 keeps the sample count in ds64
	}
	info.Duration = wavDuration(*format, dataSize, factSamples)
	return info, nil
}

// wavDuration is the playing time of dataSize bytes: exact frames for PCM,
// the fact sample count for compressed formats, else the byte rate.
func wavDuration(w wavFmt, dataSize, factSamples int64) (d time.Duration) {
	var ok bool
	switch {
	case pcmFormats[w.tag] && w.blockAlign > 0:
		d, ok = ratio(uint64(dataSize)/uint64(w.blockAlign), uint64(w.sampleRate))
	case factSamples > 0:
		d, ok = ratio(uint64(factSamples), uint64(w.sampleRate))
	default:
		d, ok = ratio(uint64(dataSize), uint64(w.byteRate))
	}
	if !ok {
		return 0
	}
	return d
}
