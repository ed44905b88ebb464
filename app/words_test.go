package app

import (
	"testing"

	"evidock/app/i18n"
	"evidock/app/keeping"
)

// Sizes on screen use the decimal units of the disc list and the evidence
// PDF, so a 4.7 GB disc reads 4.7 GB in both.
func TestBytesDecimal(t *testing.T) {
	for n, want := range map[int64]string{
		0:             "0 B",
		999:           "999 B",
		1500:          "1.5 KB",
		2_147_500_032: "2.1 GB",
		4_700_000_000: "4.7 GB",
	} {
		if got := i18n.Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// Activity types, interruption reasons, Art. 7 grounds, secrecy levels and
// roles are shown in the regulation's own words, English as its translation.
func TestRegulationWordsOnScreen(t *testing.T) {
	defer i18n.SetLanguage(i18n.LangZH)
	for _, tc := range []struct {
		lang string
		got  func() string
		want string
	}{
		{i18n.LangZH, func() string { return i18n.Category("investigation") }, "调查取证、先行登记保存"},
		{i18n.LangZH, func() string { return i18n.Reason("weather") }, "天气情况恶劣"},
		{i18n.LangZH, func() string { return keeping.ReasonNR("secret_privacy") }, "涉及国家秘密、商业秘密或者个人隐私"},
		{i18n.LangZH, func() string { return i18n.Classification("state") }, "国家秘密"},
		{i18n.LangZH, func() string { return i18n.Role("legal") }, "法制办公室"},
		{i18n.LangZH, func() string { return i18n.Category("") }, "未分类"},
		{i18n.LangEN, func() string { return i18n.Category("investigation") }, "Investigation, evidence taking and preservation"},
		{i18n.LangEN, func() string { return i18n.Reason("battery") }, "Battery low"},
		{i18n.LangEN, func() string { return i18n.Role("leader") }, "leader"},
	} {
		if err := i18n.SetLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := tc.got(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}
