package cli

import (
	"fmt"
	"strings"
)

// Lang is a language the command line speaks.
type Lang string

// The languages. Chinese is the default: the workstation's users read it.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// PickLang is the language to speak: option (a --lang value) when given,
// else the locale's language as POSIX orders the variables (LC_ALL, then
// LC_MESSAGES, then LANG; the first one set decides). English when that
// names English ("en", "en_US.UTF-8"), Chinese for anything else, a C or
// POSIX locale included.
func PickLang(option string, getenv func(string) string) (Lang, error) {
	switch strings.ToLower(option) {
	case "":
	case "zh", "zh_cn", "zh-cn", "cn", "中文":
		return ZH, nil
	case "en", "en_us", "en-us", "english":
		return EN, nil
	default:
		return ZH, fmt.Errorf("--lang %q: give zh or en", option)
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if v == "en" || strings.HasPrefix(v, "en_") || strings.HasPrefix(v, "en.") || strings.HasPrefix(v, "en-") {
				return EN, nil
			}
			return ZH, nil
		}
	}
	return ZH, nil
}
