package profile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits on what is read from an id file and accepted as a serial.
const (
	maxIDFileRead = 4096
	maxSerialLen  = 64
)

// findSerial fills m's serial from the profile's id files, or else from the
// recordings' file names.
func (m *Match) findSerial(fsys fs.FS, r *resolver) error {
	for _, idf := range m.Profile.IDFiles {
		files, err := r.glob(idf)
		if err != nil {
			return fmt.Errorf("id file %s: %w", idf, err)
		}
		for _, f := range files {
			if f.dir {
				continue
			}
			serial, err := readIDFile(fsys, f.path)
			if err != nil {
				return err
			}
			if serial != "" {
				m.Serial, m.SerialFrom = serial, "id-file:"+f.path
				return nil
			}
		}
	}
	if len(m.Profile.NamePatterns) == 0 {
		return nil
	}
	counts := map[string]int{}
	err := m.Profile.walkRecordings(r, func(name string) bool {
		if info, ok := m.Profile.ParseName(path.Base(name), time.UTC); ok && info.Serial != "" {
			counts[info.Serial]++
		}
		return true
	})
	if err != nil {
		return err
	}
	if len(counts) == 0 {
		return nil
	}
	best := ""
	for s, n := range counts {
		if best == "" || n > counts[best] || (n == counts[best] && s < best) {
			best = s
		}
	}
	m.Serial, m.SerialFrom, m.SerialCounts = best, "names", counts
	m.MixedSerials = len(counts) > 1
	return nil
}

// readIDFile returns the serial in an id file: its first non-empty line,
// trimmed of spaces and NULs, from UTF-8 (with or without a byte order mark) or
// UTF-16 with a byte order mark. A line that is not printable text or is longer
// than 64 characters is not a serial, and "" is returned.
func readIDFile(fsys fs.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", fmt.Errorf("open id file %s: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIDFileRead))
	if err != nil {
		return "", fmt.Errorf("read id file %s: %w", name, err)
	}
	return serialFromText(data), nil
}

// serialFromText decodes an id file's bytes and returns the serial, or "".
func serialFromText(data []byte) string {
	text := decodeText(data)
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == 0 || r == '\ufeff' })
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > maxSerialLen || !utf8.ValidString(line) {
			return ""
		}
		for _, r := range line {
			if !unicode.IsPrint(r) {
				return ""
			}
		}
		return line
	}
	return ""
}

// decodeText turns UTF-16 with a byte order mark into a string; other bytes
// are taken as UTF-8.
func decodeText(data []byte) string {
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		big = true
	default:
		return string(bytes.TrimPrefix(data, []byte("\ufeff")))
	}
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u))
}
