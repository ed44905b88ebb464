package app

import "testing"

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
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// Activity types, interruption reasons, Art. 7 grounds, secrecy levels and
// roles are shown in the regulation's own words, English as its translation.
func TestRegulationWordsOnScreen(t *testing.T) {
	defer SetLanguage(LangZH)
	for _, tc := range []struct {
		lang string
		got  func() string
		want string
	}{
		{LangZH, func() string { return Category("investigation") }, "调查取证、先行登记保存"},
		{LangZH, func() string { return Reason("weather") }, "天气情况恶劣"},
		{LangZH, func() string { return ReasonNR("secret_privacy") }, "涉及国家秘密、商业秘密或者个人隐私"},
		{LangZH, func() string { return Classification("state") }, "国家秘密"},
		{LangZH, func() string { return Role("legal") }, "法制办公室"},
		{LangZH, func() string { return Category("") }, "未分类"},
		{LangEN, func() string { return Category("investigation") }, "Investigation, evidence taking and preservation"},
		{LangEN, func() string { return Reason("battery") }, "Battery low"},
		{LangEN, func() string { return Role("leader") }, "leader"},
	} {
		if err := SetLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := tc.got(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}
