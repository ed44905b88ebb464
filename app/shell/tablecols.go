package shell

import (
	"cmp"
	"strconv"
	"time"

	"evidock/app/i18n"
	"evidock/records"
)

// The columns several tables share: numbers, times and days, sorted by
// value rather than by their text.

// NumCol is a column of numbers (a request's or record's number), sorted
// by value.
func NumCol[R any](key string, width float32, n func(R) int64) Column[R] {
	return Col(key, width, func(r R) string { return strconv.FormatInt(n(r), 10) }).
		By(func(a, b R) int { return cmp.Compare(n(a), n(b)) })
}

// WhenCol is a column of times shown as When (2026年11月28日 09:00),
// sorted by time.
func WhenCol[R any](key string, width float32, t func(R) time.Time) Column[R] {
	return Col(key, width, func(r R) string { return i18n.When(t(r)) }).
		By(func(a, b R) int { return t(a).Compare(t(b)) })
}

// DayCol is a column of days shown as Day (2026年11月28日), sorted by day.
func DayCol[R any](key string, width float32, t func(R) time.Time) Column[R] {
	return Col(key, width, func(r R) string { return i18n.Day(t(r)) }).
		By(func(a, b R) int { return t(a).Compare(t(b)) })
}

// DayOf reads a YYYY-MM-DD day the store gives as text (zero if it is not).
func DayOf(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, time.Local)
	return t
}

// RecordingColumns are the columns of a short table of recordings: time,
// file, recorder, officer.
func RecordingColumns(ui *Shell) []Column[records.Recording] {
	return []Column[records.Recording]{
		WhenCol("rec.col_time", 150, func(r records.Recording) time.Time { return r.RecordedAt }),
		Col("rec.col_file", 200, func(r records.Recording) string { return r.OriginalName }),
		Col("rec.col_device", 90, func(r records.Recording) string { return i18n.OrDash(r.DeviceID) }),
		Col("rec.col_officer", 120, func(r records.Recording) string { return ui.OfficerName(r.OfficerID) }),
	}
}
