package cli

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// safeOutput writes what a command prints with every control character
// that could steer a terminal shown as \uXXXX instead: a recorder's file
// names are outside input, and a name holding escape sequences must not
// recolour or retitle the officer's terminal. Tabs and newlines pass. In
// JSON output the same escapes are valid JSON and decode to the same text.
type safeOutput struct {
	w    io.Writer
	tail []byte // an incomplete UTF-8 sequence at the end of the last write
}

// unsafeRune reports whether r steers terminals: C0 controls but tab and
// newline, DEL, C1 controls, and the bidirectional overrides and isolates
// that reorder what is shown.
func unsafeRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	}
	return false
}

func (s *safeOutput) Write(p []byte) (int, error) {
	n := len(p)
	if len(s.tail) > 0 {
		p = append(s.tail, p...)
		s.tail = nil
	}
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(p[i:]) { // the rest comes with the next write
				s.tail = append([]byte{}, p[i:]...)
				break
			}
			out = fmt.Appendf(out, `\x%02x`, p[i]) // a byte that is no UTF-8
			i++
			continue
		}
		if unsafeRune(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}
