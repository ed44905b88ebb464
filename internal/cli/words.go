package cli

import (
	"strings"

	"evidock/regulation"
)

// Word reads a flag's value as one of the regulation's words: its key (as
// scripts pass it), the Chinese word, the regulation's text or the English.
// An unknown value is a usage error listing the choices.
func (m *Main) Word(l regulation.List, flag, s string) (string, error) {
	key, err := l.Parse(s)
	if err != nil {
		return "", m.Usagef("usage.word", flag, s, m.listName(l), l.Choices())
	}
	return key, nil
}

// listName is the name of the list of words l in the user's language.
func (m *Main) listName(l regulation.List) string {
	if m.p.Lang() == "en" {
		return l.En
	}
	return l.Name
}

// Words reads a comma-separated list of l's words (、 and ， separate too).
func (m *Main) Words(l regulation.List, flag, s string) ([]string, error) {
	var out []string
	for _, w := range SplitList(strings.NewReplacer("、", ",", "，", ",").Replace(s)) {
		k, err := m.Word(l, flag, w)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}
