package app

import (
	"encoding/json"
	"testing"

	"evidock/app/i18n"
	"evidock/ingest"
)

// Every reason the core gives for a file not imported has words in both
// languages: the docking card lists them (lookup("skip.", reason)).
func TestEverySkipReasonHasWords(t *testing.T) {
	reasons := []string{ingest.SkipNotMedia, ingest.SkipOSFile, ingest.SkipLink, ingest.SkipSpecial, ingest.SkipTooDeep}
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		data, err := i18n.Translations.ReadFile("translations/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, r := range reasons {
			if m["skip."+r] == "" {
				t.Errorf("%s: no words for skip.%s", code, r)
			}
		}
	}
}
