package profile

import (
	"regexp"
	"strconv"
	"time"
)

// Bounds on a start time read from a file name; anything outside is taken as
// a misread rather than a date.
const (
	minYear = 1980 // FAT's epoch
	maxYear = 2099
)

// NameInfo is what a recording's file name says.
type NameInfo struct {
	Serial   string    // device serial, "" if the name does not give it
	Officer  string    // officer number (警号), "" if the name does not give it
	Start    time.Time // start of the recording; valid only when HasStart
	HasStart bool      // whether the name gives the start time
	Seq      int       // sequence or segment number, 0 if none
}

// ParseName reads a recording's base name (without folders) with the
// profile's name patterns, trying them in order; the first pattern found in
// the name (leftmost, wherever it stands) with valid values wins. A start
// time is read from the group start (YYYYMMDDhhmmss) or the groups date
// (YYYYMMDD) and time (hhmmss) as the recorder's wall-clock time in loc (its
// zone; time.Local when loc is nil). A name whose date or time is impossible
// (month 13, 31 February, hour 24, a year outside 1980–2099) or whose seq is
// not a number is rejected. The bool is false when no pattern gives a valid
// reading.
func (p Profile) ParseName(base string, loc *time.Location) (NameInfo, bool) {
	if loc == nil {
		loc = time.Local
	}
	for _, re := range p.compiled() {
		if info, ok := parseWith(re, base, loc); ok {
			return info, true
		}
	}
	return NameInfo{}, false
}

// compiled returns the profile's name patterns, compiling them when
// the profile was built without Parse; patterns that do not compile are left
// out.
func (p Profile) compiled() []*regexp.Regexp {
	if len(p.patterns) == len(p.NamePatterns) {
		return p.patterns
	}
	var res []*regexp.Regexp
	for _, s := range p.NamePatterns {
		if re, err := compilePattern(s); err == nil {
			res = append(res, re)
		}
	}
	return res
}

// parseWith reads base with one pattern.
func parseWith(re *regexp.Regexp, base string, loc *time.Location) (NameInfo, bool) {
	sub := re.FindStringSubmatch(base)
	if sub == nil {
		return NameInfo{}, false
	}
	var info NameInfo
	var start, date, clock string
	for i, g := range re.SubexpNames() {
		switch g {
		case "serial":
			info.Serial = sub[i]
		case "officer":
			info.Officer = sub[i]
		case "start":
			start = sub[i]
		case "date":
			date = sub[i]
		case "time":
			clock = sub[i]
		case "seq":
			if sub[i] == "" {
				continue
			}
			if !allDigits(sub[i]) || len(sub[i]) > 9 {
				return NameInfo{}, false
			}
			info.Seq, _ = strconv.Atoi(sub[i])
		}
	}
	if start == "" && (date != "" || clock != "") {
		start = date + clock
	}
	if start != "" {
		t, ok := parseStart(start, loc)
		if !ok {
			return NameInfo{}, false
		}
		info.Start, info.HasStart = t, true
	}
	return info, true
}

// parseStart reads YYYYMMDDhhmmss in loc, rejecting impossible dates.
func parseStart(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != 14 || !allDigits(s) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("20060102150405", s, loc)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, false
	}
	// A wall time that does not exist in loc (skipped by a daylight-saving
	// change) comes back moved; such a name is not a real local time.
	if t.Format("20060102150405") != s {
		return time.Time{}, false
	}
	return t, true
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
