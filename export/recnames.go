package export

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"evidock/access"
)

// ItemName is the readable file name of a recording on a disc:
// officer_date_time_device.ext, e.g. 张三_20261129_081502_DEV001.mp4, and
// for a classified recording (Art. 19) its level first:
// 【商业秘密】张三_20261129_081502_DEV001.mp4. The officer is the
// registered name, else the officer number; date and time are when the
// recording began (its file time when that is unknown) in loc.
// Characters a disc cannot carry become "-"; the officer part is shortened
// when the name would be too long for Windows. The result passes ValidName.
func ItemName(r access.ExportRecording, loc *time.Location) string {
	officer := r.OfficerName
	if officer == "" {
		officer = r.OfficerID
	}
	if officer == "" {
		officer = "未知执法人员"
	}
	device := r.DeviceID
	if device == "" {
		device = "未知设备"
	}
	ext := strings.ToLower(filepath.Ext(r.OriginalName))
	if ext != "" && ValidName("x"+ext) != nil || strings.ContainsAny(ext, " ") {
		ext = ""
	}
	rest := "_" + when(r).In(loc).Format("20060102_150405") + "_" + namePart(device) + ext
	prefix := ""
	if level := levelWord(string(r.Classification)); level != "" {
		prefix = "【" + level + "】"
	}
	officer = namePart(officer)
	for len(utf16.Encode([]rune(prefix+officer+rest))) > maxNameUTF16 && len([]rune(officer)) > 1 {
		officer = string([]rune(officer)[:len([]rune(officer))-1])
	}
	name := prefix + officer + rest
	if ValidName(name) != nil { // e.g. a device ID too long on its own
		name = fmt.Sprintf("%s%s_%s%s", prefix, namePart(officer), r.ID, ext)
	}
	return name
}

// namePart replaces what a disc's file name cannot hold with "-".
func namePart(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsControl(r) || (r >= 0x80 && r < 0xa0), strings.ContainsRune(`/\<>:"|?*;._`, r), unicode.IsSpace(r):
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// itemsFor turns an export's recordings into disc items with unique
// readable names (a second recording of the same officer, second and
// recorder gets _2, and so on).
func itemsFor(recs []access.ExportRecording, loc *time.Location) []Item {
	items := make([]Item, len(recs))
	seen := map[string]bool{}
	for i, r := range recs {
		name := ItemName(r, loc)
		ext := filepath.Ext(name)
		for n := 2; seen[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d%s", strings.TrimSuffix(ItemName(r, loc), ext), n, ext)
		}
		seen[strings.ToLower(name)] = true
		officer := r.OfficerName
		if officer != "" && r.OfficerID != "" {
			officer += "（" + r.OfficerID + "）"
		} else if officer == "" {
			officer = r.OfficerID
		}
		items[i] = Item{SourcePath: r.Path, Name: name, SHA256: r.SHA256, SM3: r.SM3, Size: r.Size,
			RecordedAt: when(r).In(loc), Duration: time.Duration(r.DurationS * float64(time.Second)),
			Officer: officer, Device: r.DeviceID, OriginalName: r.OriginalName, Classification: string(r.Classification)}
	}
	return items
}

// when is when a recording began, or its file time when that is unknown.
func when(r access.ExportRecording) time.Time {
	if r.RecordedAt.IsZero() {
		return r.FileTime
	}
	return r.RecordedAt
}
