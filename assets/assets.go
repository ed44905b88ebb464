// Package assets holds the files that are embedded into the evidock binary:
// fonts today, icons and translations later.
package assets

import _ "embed"

// CJKFont is the TrueType font used wherever Simplified Chinese text is drawn
// by evidock itself: the printable evidence description (PDF) and the GUI.
// It is Droid Sans Fallback Full (Apache License 2.0, see fonts/README).
//
// The slice is shared; callers must not modify it.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var CJKFont []byte
