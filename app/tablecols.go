package app

import (
	"cmp"
	"strconv"
	"time"

	"evidock/records"
)

// The columns several tables share: numbers, times and days, sorted by
// value rather than by their text.

// numCol is a column of numbers (a request's or record's number), sorted
// by value.
func numCol[R any](key string, width float32, n func(R) int64) column[R] {
	return col(key, width, func(r R) string { return strconv.FormatInt(n(r), 10) }).
		By(func(a, b R) int { return cmp.Compare(n(a), n(b)) })
}

// whenCol is a column of times shown as When (2026年11月28日 09:00),
// sorted by time.
func whenCol[R any](key string, width float32, t func(R) time.Time) column[R] {
	return col(key, width, func(r R) string { return When(t(r)) }).
		By(func(a, b R) int { return t(a).Compare(t(b)) })
}

// dayCol is a column of days shown as Day (2026年11月28日), sorted by day.
func dayCol[R any](key string, width float32, t func(R) time.Time) column[R] {
	return col(key, width, func(r R) string { return Day(t(r)) }).
		By(func(a, b R) int { return t(a).Compare(t(b)) })
}

// dayOf reads a YYYY-MM-DD day the store gives as text (zero if it is not).
func dayOf(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, time.Local)
	return t
}

// recordingColumns are the columns of a short table of recordings: time,
// file, recorder, officer.
func recordingColumns(ui *Shell) []column[records.Recording] {
	return []column[records.Recording]{
		whenCol("rec.col_time", 150, func(r records.Recording) time.Time { return r.RecordedAt }),
		col("rec.col_file", 200, func(r records.Recording) string { return r.OriginalName }),
		col("rec.col_device", 90, func(r records.Recording) string { return orDash(r.DeviceID) }),
		col("rec.col_officer", 120, func(r records.Recording) string { return ui.OfficerName(r.OfficerID) }),
	}
}
