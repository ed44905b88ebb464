package i18n

import (
	"context"
	"errors"
	"strings"
	"time"

	"evidock/archive"
	"evidock/followups"
	"evidock/internal/human"
	"evidock/regulation"
	"evidock/store"
)

// Bytes says a size the way people read it (human.Bytes): in the decimal
// units disks and discs are sold in and the evidence PDF prints.
func Bytes(n int64) string { return human.Bytes(n) }

// Clock says a duration as h:mm:ss or m:ss (human.Clock).
func Clock(d time.Duration) string { return human.Clock(d) }

// When shows a time to the minute in local time, as people write it
// (2026年11月28日 09:00 in Chinese), or "—" when unknown.
func When(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(T("fmt.when"))
}

// WhenSec is When with the seconds, for the ledger and recording times.
func WhenSec(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(T("fmt.when_sec"))
}

// Day shows a date (2026年11月28日), or "—" when unknown.
func Day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(T("fmt.day"))
}

// DayText shows a YYYY-MM-DD day the store gives as text like Day; other
// text is shown as it is.
func DayText(s string) string {
	t, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		return OrDash(s)
	}
	return Day(t)
}

// HourMin shows a time of day (09:05).
func HourMin(t time.Time) string { return t.Local().Format("15:04") }

// Word is key's word in l (the regulation's words, package regulation) in
// the window's language.
func Word(l regulation.List, key string) string { return l.Word(key, Language()) }

// Category is an activity type (执法类别) in the regulation's words (Art. 6).
func Category(key string) string {
	if key == "" {
		return T("category.none")
	}
	return Word(regulation.Categories, key)
}

// Flag is a recording flag in plain words.
func Flag(key string) string { return Lookup("flag.", key) }

// Reason is an interruption reason in the regulation's words (Art. 11).
func Reason(key string) string { return Word(regulation.Interruptions, key) }

// Role is a role in the regulation's words, as it reads inside a sentence.
func Role(key string) string {
	if Language() == LangEN {
		return strings.ToLower(Word(regulation.Roles, key))
	}
	return Word(regulation.Roles, key)
}

// Lookup translates prefix+key, falling back to the key itself.
func Lookup(prefix, key string) string {
	if s := T(prefix + key); s != prefix+key {
		return s
	}
	return key
}

// Flags says a list of flags in plain words.
func Flags(keys []string) string {
	if len(keys) == 0 {
		return T("flag.none")
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Flag(k)
	}
	return strings.Join(out, T("list.sep"))
}

// ErrorText says what went wrong in plain words, with what to do next.
func ErrorText(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrLoginFirst):
		return T("err.login_first")
	case errors.Is(err, store.ErrNoService):
		return T("err.no_service")
	case errors.Is(err, store.ErrUnchanged):
		return T("err.unchanged", M{"Err": err.Error()})
	case errors.Is(err, store.ErrRefused):
		return T("err.refused")
	case errors.Is(err, store.ErrBadPassword):
		return T("err.bad_password")
	case errors.Is(err, store.ErrDisabled):
		return T("err.disabled")
	case errors.Is(err, store.ErrWeakPassword):
		return T("err.weak_password", M{"N": store.MinPasswordLen})
	case archive.IsDiskFull(err):
		return T("err.disk_full")
	case errors.Is(err, context.Canceled):
		return T("err.canceled")
	case errors.Is(err, store.ErrNotFound):
		return T("err.not_found", M{"Err": err.Error()})
	case errors.Is(err, store.ErrInvalid):
		return T("err.invalid", M{"Err": err.Error()})
	}
	return DockError(err.Error())
}

// DockError turns an error the docking service reported as text into plain
// words with what to do next.
func DockError(msg string) string {
	l := strings.ToLower(msg)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("no space", "disk is full", "disk full"):
		return T("err.disk_full")
	case has("no such file", "transport endpoint", "input/output error", "no such device", "not connected", "vanished", "gone", "device not configured"):
		return T("err.pulled")
	case has("does not match", "mismatch", "corrupt", "unexpected eof", "truncated"):
		return T("err.corrupt", M{"Err": msg})
	case has("not permitted", "refused"):
		return T("err.refused")
	case has("locked by a running process"):
		return T("err.busy")
	}
	return T("err.other", M{"Err": msg})
}

// Secs turns seconds into a duration.
func Secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// TimeConflict says that a recording's name and metadata disagree on its
// time, giving both; the name's is used (Art. 11, 13).
func TimeConflict(name, meta time.Time) string {
	return T("tl.time_conflict", M{"Name": When(name), "Meta": When(meta)})
}

// Action is a ledger action in plain words, or the action itself.
func Action(a string) string { return Lookup("action.", a) }

func CategoryNames() []string {
	out := make([]string, len(followups.Categories))
	for i, c := range followups.Categories {
		out[i] = Category(c)
	}
	return out
}

func CategoryKey(name string) string {
	for _, c := range followups.Categories {
		if Category(c) == name {
			return c
		}
	}
	return ""
}

func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ErrLoginFirst is why a follow-up question cannot be answered while
// nobody is logged in: answers are the officer's own (Art. 11, 13).
var ErrLoginFirst = errors.New("log in first")
