package localeenv

import (
	"os"
	"testing"
)

func TestRestorePutsBackTheEnvironment(t *testing.T) {
	// init already ran with the test's environment; Restore must give it back.
	want := map[string]string{}
	for k, v := range saved {
		if v != nil {
			want[k] = *v
		}
	}
	Restore()
	for k := range saved {
		got, ok := os.LookupEnv(k)
		if w, had := want[k]; had != ok || (ok && got != w) {
			t.Errorf("%s after Restore = %q (set %v), want %q (set %v)", k, got, ok, w, had)
		}
	}
}

func TestUnusable(t *testing.T) {
	for v, want := range map[string]bool{"": true, "C": true, "POSIX": true, "C.UTF-8": true,
		"zh_CN.UTF-8": false, "en_US": false} {
		if got := unusable(v); got != want {
			t.Errorf("unusable(%q) = %v, want %v", v, got, want)
		}
	}
}
