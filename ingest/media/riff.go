package media

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// maxChunks bounds the chunks walked in one RIFF list.
const maxChunks = 4096

// chunk is one RIFF chunk: its id, and the offset and length of its data
// (without the 8-byte header and the pad byte).
type chunk struct {
	id   string
	off  int64
	size int64
}

// riffFile is a RIFF or RF64 file as far as its header tells.
type riffFile struct {
	r        io.ReaderAt
	size     int64 // of the file
	end      int64 // end of the RIFF chunk, clipped to the file
	form     string
	dataSize int64 // RF64: the real size of the "data" chunk, else -1
	samples  int64 // RF64: the sample count from ds64, else -1
	cut      bool  // the RIFF chunk claims more bytes than the file has
}

// ReadRIFF reads the headers of a RIFF file r of size bytes: an AVI (the avih
// frame duration times the frame count, the OpenDML total frame count when
// present, and the IDIT or INFO/ICRD date), or a WAV or RF64 WAVE (the
// duration from the fmt and data chunks, the time from the bext chunk's
// OriginationDate and OriginationTime, or from INFO/ICRD). The media data
// (movi, data) is skipped by offset, never read. A file shorter than its
// RIFF header claims gives ErrMalformed, with the Info read so far.
func ReadRIFF(r io.ReaderAt, size int64) (Info, error) {
	f, err := openRIFF(r, size)
	if err != nil {
		return Info{}, fmt.Errorf("media: riff: %w", err)
	}
	var info Info
	switch f.form {
	case "AVI ":
		info, err = f.readAVI()
	case "WAVE":
		info, err = f.readWAV()
	}
	if err != nil {
		return info, fmt.Errorf("media: riff: %s: %w", f.form, err)
	}
	if f.cut {
		return info, fmt.Errorf("media: riff: %s: file of %d bytes is shorter than its header says: %w",
			f.form, size, ErrMalformed)
	}
	if err := checkEnd(r, size); err != nil {
		return info, fmt.Errorf("media: riff: %s: %w", f.form, err)
	}
	return info, nil
}

// openRIFF checks the RIFF or RF64 header and, for RF64, reads the ds64 chunk.
func openRIFF(r io.ReaderAt, size int64) (*riffFile, error) {
	h, err := readAt(r, size, 0, 12, "header")
	if err != nil {
		return nil, err
	}
	f := &riffFile{r: r, size: size, form: string(h[8:12]), dataSize: -1, samples: -1}
	magic := string(h[0:4])
	if magic != "RIFF" && magic != "RF64" {
		return nil, fmt.Errorf("magic %q: %w", magic, ErrUnknownFormat)
	}
	if f.form != "AVI " && f.form != "WAVE" {
		return nil, fmt.Errorf("form %q: %w", f.form, ErrUnknownFormat)
	}
	end := 8 + int64(binary.LittleEndian.Uint32(h[4:8]))
	if magic == "RF64" {
		if f.form != "WAVE" {
			return nil, fmt.Errorf("RF64 form %q: %w", f.form, ErrUnknownFormat)
		}
		// ds64: riffSize, dataSize, sampleCount (64-bit each), table...
		d, err := readAt(r, size, 12, 32, "ds64")
		if err != nil {
			return nil, err
		}
		if string(d[0:4]) != "ds64" || binary.LittleEndian.Uint32(d[4:8]) < 24 {
			return nil, fmt.Errorf("RF64 without ds64 chunk: %w", ErrMalformed)
		}
		riffSize := binary.LittleEndian.Uint64(d[8:16])
		dataSize := binary.LittleEndian.Uint64(d[16:24])
		samples := binary.LittleEndian.Uint64(d[24:32])
		if riffSize > math.MaxInt64-8 || dataSize > math.MaxInt64 || samples > math.MaxInt64 {
			return nil, fmt.Errorf("ds64: absurd sizes: %w", ErrMalformed)
		}
		end, f.dataSize, f.samples = 8+int64(riffSize), int64(dataSize), int64(samples)
	}
	if end > size {
		f.cut, end = true, size
	}
	f.end = end
	return f, nil
}

// walk calls fn for each chunk in [off, end) until fn returns done or an
// error. Chunks are word-aligned; a tail shorter than a chunk header is
// ignored (writers disagree about the final pad byte).
func (f *riffFile) walk(off, end int64, fn func(c chunk) (done bool, err error)) error {
	for i := 0; end-off >= 8; i++ {
		if i == maxChunks {
			return fmt.Errorf("more than %d chunks: %w", maxChunks, ErrMalformed)
		}
		h, err := readAt(f.r, f.size, off, 8, "chunk header")
		if err != nil {
			return err
		}
		c := chunk{id: string(h[0:4]), off: off + 8, size: int64(binary.LittleEndian.Uint32(h[4:8]))}
		if !printableID(c.id) {
			return fmt.Errorf("chunk id %q at offset %d is not text: %w", c.id, off, ErrMalformed)
		}
		if c.id == "data" && c.size == math.MaxUint32 && f.dataSize >= 0 {
			c.size = f.dataSize // RF64: the real size is in ds64
		}
		if c.size > end-c.off {
			return fmt.Errorf("chunk %q at offset %d: size %d runs past the end (%d bytes left): %w",
				c.id, off, c.size, end-c.off, ErrMalformed)
		}
		if done, err := fn(c); done || err != nil {
			return err
		}
		off = c.off + c.size + c.size&1
	}
	return nil
}

// listType reads the 4-byte type of a LIST chunk.
func (f *riffFile) listType(c chunk) (string, error) {
	if c.size < 4 {
		return "", fmt.Errorf("LIST at offset %d: %d bytes: %w", c.off-8, c.size, ErrMalformed)
	}
	b, err := readAt(f.r, f.size, c.off, 4, "LIST type")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// text reads a short text chunk (at most 256 bytes) up to its first NUL.
func (f *riffFile) text(c chunk) (string, error) {
	b, err := readAt(f.r, f.size, c.off, int(min(c.size, 256)), c.id)
	if err != nil {
		return "", err
	}
	return cString(b), nil
}

// printableID reports whether a chunk id is four printable ASCII characters.
func printableID(id string) bool {
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7E {
			return false
		}
	}
	return len(id) == 4
}
