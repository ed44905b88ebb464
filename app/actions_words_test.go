package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"evidock/app/i18n"
)

// Every ledger action the store writes has words in both languages, so the
// ledger screen never shows a raw key (found: action.timeline.read).
func TestEveryLedgerActionHasWords(t *testing.T) {
	var files []string
	for _, pkg := range []string{"store", "records", "custody", "access", "retention", "safekeeping", "followups", "replicate"} {
		fs, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil || len(fs) == 0 {
			t.Fatalf("%s sources: %v", pkg, err)
		}
		files = append(files, fs...)
	}
	written := regexp.MustCompile(`(?:AppendEntry\(ctx, tx, [^,]+, |\.Log\(ctx, |logLogin\(ctx, )"([a-z_.]+)"`)
	actions := map[string]bool{}
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range written.FindAllStringSubmatch(string(src), -1) {
			actions[m[1]] = true
		}
	}
	if len(actions) < 30 {
		t.Fatalf("found only %d ledger actions in the store's sources", len(actions))
	}
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		keys := areaKeys(t, code)
		data, err := i18n.Translations.ReadFile("translations/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var main map[string]any
		if err := json.Unmarshal(data, &main); err != nil {
			t.Fatal(err)
		}
		for a := range actions {
			k := "action." + a
			if _, ok := main[k]; ok {
				continue
			}
			if _, ok := keys[k]; !ok {
				t.Errorf("%s: no words for the ledger action %q", code, a)
			}
		}
	}
}
