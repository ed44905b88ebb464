package media

import (
	"strings"
	"time"
)

// parseNumericDateTime parses a wall-clock time written as
// "YYYY:MM:DD HH:MM:SS" with any non-digit separators (EXIF uses ':' in the
// date, many writers use '-' or '/', and 'T' between date and time). The
// result is in time.UTC. All-zero and blank values are not times.
func parseNumericDateTime(s string) (time.Time, bool) {
	if len(s) != 19 {
		return time.Time{}, false
	}
	for _, i := range []int{4, 7, 10, 13, 16} {
		if c := s[i]; c >= '0' && c <= '9' {
			return time.Time{}, false
		}
	}
	var f [6]int
	for k, span := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		v, ok := digits(s[span[0]:span[1]])
		if !ok {
			return time.Time{}, false
		}
		f[k] = v
	}
	return wallClock(f[0], f[1], f[2], f[3], f[4], f[5], 0, time.UTC)
}

// parseBextDate parses a Broadcast Wave OriginationDate ("yyyy-mm-dd") and
// OriginationTime ("hh:mm:ss"); EBU Tech 3285 allows any separator.
func parseBextDate(date, clock string) (time.Time, bool) {
	if len(date) != 10 || len(clock) != 8 {
		return time.Time{}, false
	}
	return parseNumericDateTime(date + " " + clock)
}

// ctimeLayouts are the IDIT date forms written by cameras besides the numeric
// one: C's asctime ("THU NOV 29 08:15:02 2026"), with or without the weekday.
var ctimeLayouts = []string{
	"Mon Jan 2 15:04:05 2006",
	"Jan 2 15:04:05 2006",
}

// parseRIFFDate parses an AVI IDIT or an INFO ICRD value: asctime form or
// numeric date and time. It reports whether a wall-clock time (no zone) was
// found; the time is in time.UTC.
func parseRIFFDate(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ") // drop "\n", collapse "Nov  9"
	if len(s) > 64 {
		return time.Time{}, false
	}
	if t, ok := parseNumericDateTime(s); ok {
		return t, true
	}
	for _, layout := range ctimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return wallClock(t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		}
	}
	return time.Time{}, false
}

// parseOffset parses an EXIF offset such as "+08:00" or "-05:30" into a
// fixed zone.
func parseOffset(s string) (*time.Location, bool) {
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return nil, false
	}
	h, ok1 := digits(s[1:3])
	m, ok2 := digits(s[4:6])
	if !ok1 || !ok2 || h > 14 || m > 59 {
		return nil, false
	}
	secs := (h*60 + m) * 60
	if s[0] == '-' {
		secs = -secs
	}
	return time.FixedZone(s, secs), true
}
