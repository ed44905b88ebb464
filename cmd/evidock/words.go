package main

import (
	"fmt"
	"strings"

	"evidock/regulation"
)

// word reads a flag's value as one of the regulation's words: its key (as
// scripts pass it), the Chinese word, the regulation's text or the English.
// An unknown value is a usage error listing the choices.
func word(l regulation.List, flag, s string) (string, error) {
	key, err := l.Parse(s)
	if err != nil {
		return "", usageError{fmt.Sprintf("--%s: %v", flag, err)}
	}
	return key, nil
}

// choices is the help text of a flag taking one of l's words.
func choices(l regulation.List) string {
	return l.Name + " (" + l.En + "): " + l.Choices()
}

// words reads a comma-separated list of l's words (、 and ， separate too).
func words(l regulation.List, flag, s string) ([]string, error) {
	var out []string
	for _, w := range splitList(strings.NewReplacer("、", ",", "，", ",").Replace(s)) {
		k, err := word(l, flag, w)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}
