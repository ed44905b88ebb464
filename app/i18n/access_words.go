package i18n

import (
	"errors"
	"strings"

	"evidock/access"
	"evidock/regulation"
	"evidock/store"
)

// Purpose is a request's purpose in plain words.
func Purpose(p access.Purpose) string { return Lookup("purpose.", string(p)) }

// RequestStatus is a request's status in plain words.
func RequestStatus(s access.RequestStatus) string { return Lookup("reqstatus.", string(s)) }

// Classification is a recording's secrecy level in plain words.
func Classification(c store.Classification) string {
	return Word(regulation.Classifications, string(c))
}

// PurposeKey is the purpose whose plain words are s.
func PurposeKey(s string) access.Purpose {
	for _, p := range access.Purposes {
		if Purpose(p) == s {
			return p
		}
	}
	return ""
}

func PurposeNames() []string {
	out := make([]string, len(access.Purposes))
	for i, p := range access.Purposes {
		out[i] = Purpose(p)
	}
	return out
}

// RequestLine says a request in a line or two.
func RequestLine(r access.Request) string {
	s := T("req.line", M{"ID": r.ID, "When": When(r.CreatedAt), "Who": r.Requester, "Purpose": Purpose(r.Purpose),
		"Status": RequestStatus(r.Status), "N": len(r.Recordings)}) + "\n" + T("req.reason_line", M{"Reason": r.Reason})
	switch r.Status {
	case access.Approved, access.Expired:
		s += "\n" + T("req.approved_line", M{"By": r.DecidedBy, "As": Role(string(r.DecidedAs)),
			"Until": When(r.ExpiresAt)})
	case access.Refused:
		s += "\n" + T("req.refused_line", M{"By": r.DecidedBy, "As": Role(string(r.DecidedAs))})
	}
	if r.Note != "" {
		s += "\n" + T("req.note_line", M{"Note": r.Note})
	}
	return s
}

// ViewErrorText says why viewing, approval, classification or export
// failed, in plain words: the core's refusals name their rule in English,
// which users are not expected to read.
func ViewErrorText(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if errors.Is(err, access.ErrDecided) {
		return T("verr.decided")
	}
	if errors.Is(err, store.ErrRefused) {
		for _, c := range []struct{ part, key string }{
			{"own request", "verr.own_request"},
			{"only a leader approves", "verr.leader_only"},
			{"approval is not a leader's", "verr.leader_only_grant"},
			{"beyond the actor's clearance", "verr.clearance"},
			{"no approved, unexpired request", "verr.no_grant"},
			{"approval expired", "verr.expired"},
			{"not yet decided", "verr.pending"},
			{"was refused", "verr.was_refused"},
			{"not evidence extraction", "verr.not_extraction"},
			{"is not in the request", "verr.not_in_request"},
			{"not permitted", "err.refused"},
		} {
			if strings.Contains(msg, c.part) {
				return T(c.key)
			}
		}
	}
	if errors.Is(err, store.ErrNotFound) && strings.Contains(msg, "recording") {
		return T("verr.no_recording", M{"Err": msg})
	}
	return ErrorText(err)
}

// SplitIDs reads recording IDs separated by commas, spaces or new lines.
func SplitIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '\n' || r == '\t' || r == '、'
	})
}
