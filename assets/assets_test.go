package assets

import (
	"bytes"
	"testing"
)

func TestCJKFontIsTrueType(t *testing.T) {
	if len(CJKFont) < 1<<20 {
		t.Fatalf("CJKFont is %d bytes; want the full font (several MB)", len(CJKFont))
	}
	// sfnt version 1.0 marks a TrueType outline font.
	if !bytes.HasPrefix(CJKFont, []byte{0, 1, 0, 0}) {
		t.Fatalf("CJKFont starts with % x; want a TrueType header 00 01 00 00", CJKFont[:4])
	}
	// The font must carry a cmap, or no text can be drawn with it.
	if !bytes.Contains(CJKFont[:1024], []byte("cmap")) {
		t.Fatal("CJKFont table directory has no cmap table")
	}
}
