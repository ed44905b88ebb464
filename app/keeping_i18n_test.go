package app

import (
	"encoding/json"
	"testing"

	"evidock/access"
	"evidock/app/i18n"
	"evidock/app/supervise"
	"evidock/followups"
)

// The keeping area's files (督查 and 保管) define the same keys in both
// languages, and every key the screens put together at run time.
func TestKeepingTranslations(t *testing.T) {
	files := map[string]map[string]string{}
	for _, code := range []string{i18n.LangZH, i18n.LangEN} {
		data, err := i18n.Translations.ReadFile("translations_areas/keeping-" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		files[code] = m
	}
	for k := range files[i18n.LangZH] {
		if _, ok := files[i18n.LangEN][k]; !ok {
			t.Errorf("%q missing from keeping-en.json", k)
		}
	}
	for k := range files[i18n.LangEN] {
		if _, ok := files[i18n.LangZH][k]; !ok {
			t.Errorf("%q missing from keeping-zh.json", k)
		}
	}
	var keys []string
	for _, k := range followups.ItemKinds {
		keys = append(keys, "item."+k)
	}
	for _, s := range []access.RequestStatus{access.Pending, access.Approved, access.Refused} {
		keys = append(keys, "kp.status_"+string(s))
	}
	keys = append(keys, supervise.OfficerColumns...)
	keys = append(keys, "ic.progress", "ic.progress_busy", "bk.last_ok", "bk.last_bad")
	for _, k := range keys {
		for code, m := range files {
			if _, ok := m[k]; !ok {
				t.Errorf("%q missing from keeping-%s.json", k, code)
			}
		}
	}
}
