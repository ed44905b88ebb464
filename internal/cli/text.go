package cli

import (
	"fmt"
	"strings"
)

// OneLine makes text safe for one cell of a terminal table: control
// characters (escape sequences, line breaks) are shown as Go escapes.
func OneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
