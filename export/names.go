package export

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"evidock/regulation"
)

// maxNameUTF16 is the longest file name Joliet readers (Windows) see whole,
// in UTF-16 code units, with xorriso's -joliet-long.
const maxNameUTF16 = 103

// ValidName reports why name cannot be a recording's file name on a disc, or
// nil if it can. A name is one path element (no "/" or "\\", not "." or
// ".."), without control characters or the characters Windows and Joliet
// refuse (< > : " | ? * ;), without leading or trailing spaces or a trailing
// dot, and short enough that Windows shows it whole (103 UTF-16 units).
func ValidName(name string) error {
	switch {
	case name == "":
		return errors.New("file name is empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("file name %q is not valid UTF-8", name)
	case name == "." || name == ".." || strings.Contains(name, ".."):
		return fmt.Errorf("file name %q contains \"..\"", name)
	case strings.ContainsAny(name, `/\`):
		return fmt.Errorf("file name %q contains a path separator", name)
	case strings.ContainsAny(name, `<>:"|?*;`):
		return fmt.Errorf("file name %q contains one of < > : \" | ? * ; which discs read on Windows refuse", name)
	case strings.TrimSpace(name) != name || strings.HasSuffix(name, "."):
		return fmt.Errorf("file name %q begins or ends with a space or ends with a dot", name)
	case len(utf16.Encode([]rune(name))) > maxNameUTF16:
		return fmt.Errorf("file name %q is longer than the %d characters Windows reads from a disc", name, maxNameUTF16)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("file name %q contains a control character", name)
		}
	}
	base := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3":
		return fmt.Errorf("file name %q is a device name on Windows", name)
	}
	return nil
}

// checkNames validates every item's name and refuses two names that Windows
// would see as the same file.
func checkNames(items []Item) error {
	seen := make(map[string]string, len(items))
	for _, it := range items {
		if err := ValidName(it.Name); err != nil {
			return fmt.Errorf("recording %s: %w", it.SourcePath, err)
		}
		key := strings.ToLower(it.Name)
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("recordings %q and %q would have the same file name on the disc", prev, it.Name)
		}
		seen[key] = it.Name
	}
	return nil
}

// maxVolumeID is the length limit of an ISO 9660 volume identifier.
const maxVolumeID = 32

// VolumeID turns a case number into an ISO 9660 volume identifier: upper-case
// ASCII letters, digits and "_", at most 32 characters. Other characters
// (Chinese among them) become "_" separators. If nothing is left, the ID is
// EVIDENCE_<yyyymmdd> of when.
func VolumeID(caseNumber string, when time.Time) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToUpper(caseNumber) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			sep = false
			continue
		}
		sep = true
	}
	id := b.String()
	if id == "" {
		id = "EVIDENCE_" + when.Format("20060102")
	}
	if len(id) > maxVolumeID {
		id = strings.TrimRight(id[:maxVolumeID], "_")
	}
	return id
}

// discVolumeID is the volume ID of disc k of n: the case's ID with _<k>OF<n>
// when the copy spans several discs.
func discVolumeID(base string, k, n int) string {
	if n <= 1 {
		return base
	}
	suffix := fmt.Sprintf("_%dOF%d", k, n)
	if len(base)+len(suffix) > maxVolumeID {
		base = strings.TrimRight(base[:maxVolumeID-len(suffix)], "_")
	}
	return base + suffix
}

// LabelVolume marks a volume ID with a disc's secrecy level (Art. 19) so
// that the level is the first thing its label shows, in the ISO 9660 volume
// ID Linux names the disc by and in the Joliet one Windows shows (its first
// 16 characters): 商业秘密_JYWL_2026_0012. level "" leaves id as it is. The
// result fits the 32 bytes of a volume ID.
func LabelVolume(level, id string) string {
	if level == "" {
		return id
	}
	prefix := level + "_"
	if len(prefix)+len(id) > maxVolumeID {
		id = strings.TrimRight(id[:max(0, maxVolumeID-len(prefix))], "_")
	}
	return prefix + id
}

// splitLevel splits a volume ID marked by LabelVolume into the level and
// the ID; an unmarked ID has level "".
func splitLevel(vol string) (level, id string) {
	for _, t := range regulation.Classifications.Terms[1:] {
		if rest, ok := strings.CutPrefix(vol, t.Zh+"_"); ok {
			return t.Zh, rest
		}
	}
	return "", vol
}
