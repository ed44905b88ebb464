// Package localeenv keeps Fyne quiet about a C or POSIX locale.
//
// Fyne's lang package reads the locale in its init and logs an error when it
// is "C" or "POSIX" (common on servers and in CI), before main can do
// anything. Packages initialise in import-path order, so this package, which
// imports nothing of Fyne, runs first: it swaps such values for the
// workstation's default language while Fyne reads them, and Restore, called
// first thing in main, puts the environment back for child processes.
package localeenv

import (
	"os"
	"strings"
)

// Fallback is the locale shown to Fyne instead of C/POSIX: the interface
// speaks Simplified Chinese by default.
const Fallback = "zh_CN.UTF-8"

var saved = map[string]*string{}

func init() {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := os.LookupEnv(k)
		if ok && !unusable(v) {
			continue
		}
		if ok {
			saved[k] = &v
		} else {
			saved[k] = nil
		}
		if k == "LANG" || ok {
			os.Setenv(k, Fallback)
		}
	}
}

func unusable(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return base == "" || base == "C" || base == "POSIX"
}

// Restore puts back the locale variables as the process received them.
func Restore() {
	for k, v := range saved {
		if v == nil {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, *v)
		}
	}
}
