package cli

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
	"testing/fstest"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// Chinese unless --lang or the locale asks for English; --lang wins, and
// LC_ALL over LC_MESSAGES over LANG as POSIX has it.
func TestPickLang(t *testing.T) {
	for _, tc := range []struct {
		option string
		env    func(string) string
		want   Lang
	}{
		{"", env(), ZH},
		{"", env("LANG", "C"), ZH},
		{"", env("LANG", "zh_CN.UTF-8"), ZH},
		{"", env("LANG", "en_US.UTF-8"), EN},
		{"", env("LANG", "en"), EN},
		{"", env("LANG", "de_DE.UTF-8"), ZH},
		{"", env("LANG", "en_US.UTF-8", "LC_MESSAGES", "zh_CN.UTF-8"), ZH},
		{"", env("LANG", "zh_CN.UTF-8", "LC_ALL", "en_GB.UTF-8"), EN},
		{"en", env("LANG", "zh_CN.UTF-8"), EN},
		{"zh", env("LC_ALL", "en_US.UTF-8"), ZH},
	} {
		if got, err := PickLang(tc.option, tc.env); err != nil || got != tc.want {
			t.Errorf("PickLang(%q, LANG=%q LC_MESSAGES=%q LC_ALL=%q) = %v, %v; want %v", tc.option,
				tc.env("LANG"), tc.env("LC_MESSAGES"), tc.env("LC_ALL"), got, err, tc.want)
		}
	}
	if _, err := PickLang("fr", env()); err == nil {
		t.Error("--lang fr was accepted")
	}
}

func testCatalog(t *testing.T, files map[string]string) (*Catalog, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["m/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Load(fsys, "m")
}

// Messages print in the language asked for, values reordered where the
// translation needs; Problems finds a key missing in one language, an
// empty text and translations that format other values.
func TestCatalog(t *testing.T) {
	c, err := testCatalog(t, map[string]string{
		"a-zh.json": `{"hello": "你好，%s", "order": "%[2]s 有 %[1]d 个", "only.zh": "中", "empty": " ", "mismatch": "%d 个"}`,
		"a-en.json": `{"hello": "hello, %s", "order": "%d in %s", "empty": "x", "mismatch": "%s of them", "only.en": "en"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	zh, en := c.Printer(ZH), c.Printer(EN)
	if got := zh.Sprintf("hello", "张三"); got != "你好，张三" {
		t.Errorf("zh hello = %q", got)
	}
	if got := zh.Sprintf("order", 3, "存档"); got != "存档 有 3 个" {
		t.Errorf("zh order = %q", got)
	}
	if got := en.Sprintf("order", 3, "the archive"); got != "3 in the archive" {
		t.Errorf("en order = %q", got)
	}
	if got := en.Sprintf("no.such.key"); got != "!no.such.key" {
		t.Errorf("missing key = %q, want it shown", got)
	}
	if got := zh.Sprintf("cli.default", "7"); got != "（默认 7）" {
		t.Errorf("the package's own messages: %q", got)
	}
	probs := strings.Join(c.Problems(), "\n")
	for _, want := range []string{`"only.zh" has no text in en`, `"only.en" has no text in zh`, `"empty" has an empty text`, `"mismatch" takes d in zh but s in en`} {
		if !strings.Contains(probs, want) {
			t.Errorf("problems lack %s:\n%s", want, probs)
		}
	}
	if strings.Contains(probs, `"order"`) || strings.Contains(probs, `"hello"`) {
		t.Errorf("a good translation reported:\n%s", probs)
	}
	if !c.Has("hello") || c.Has("only.zh") {
		t.Error("Has: want hello in both languages and only.zh not")
	}
	if _, err := testCatalog(t, map[string]string{"a-zh.json": `{"k": "1"}`, "b-zh.json": `{"k": "2"}`}); err == nil {
		t.Error("a key in two files was accepted")
	}
	if _, err := testCatalog(t, map[string]string{"a-fr.json": `{}`}); err == nil {
		t.Error("a file of an unknown language was accepted")
	}
}

// Flags anywhere among the arguments, "--" ending them, required flags
// refused when missing, and the help in each language with the value's
// name, the choices given at declaration and the defaults.
func TestFlags(t *testing.T) {
	c, err := testCatalog(t, map[string]string{
		"f-zh.json": `{"f.to": "备份到` + "`目录`" + `", "f.level": "级别：%s", "f.n": "份数", "f.quiet": "安静", "f.secret": "隐藏"}`,
		"f-en.json": `{"f.to": "back up into ` + "`DIR`" + `", "f.level": "level: %s", "f.n": "copies", "f.quiet": "quiet", "f.secret": "hidden"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	newFlags := func() (*Flags, *string, *int) {
		f := NewFlags("backup")
		to := f.String("to", "", "f.to")
		f.String("level", "", "f.level", "a, b")
		n := f.Int("n", 2, "f.n")
		f.Bool("quiet", false, "f.quiet")
		f.Bool("secret", false, "f.secret")
		f.Hide("secret")
		f.Require("to")
		return f, to, n
	}
	f, to, n := newFlags()
	pos, err := f.Parse([]string{"one", "--to", "/mnt", "two", "--n", "3", "--", "--three"})
	if err != nil || *to != "/mnt" || *n != 3 || strings.Join(pos, " ") != "one two --three" {
		t.Errorf("Parse: %q, %v; to %q, n %d", pos, err, *to, *n)
	}
	if !f.Given("n") || f.Given("quiet") {
		t.Error("Given: want n and not quiet")
	}
	f, _, _ = newFlags()
	if _, err := f.Parse([]string{"--n", "1"}); !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "--to") {
		t.Errorf("without --to: %v", err)
	}
	f, _, _ = newFlags()
	if _, err := f.Parse([]string{"--to", "  "}); !errors.Is(err, ErrMissing) {
		t.Errorf("with a blank --to: %v", err)
	}
	f = NewFlags("explain")
	f.Int64("gap", 0, "f.n")
	f.Require("gap")
	if _, err := f.Parse(nil); !errors.Is(err, ErrMissing) {
		t.Errorf("a number flag not given: %v", err)
	}
	f, _, _ = newFlags()
	if _, err := f.Parse([]string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help: %v", err)
	}
	for lang, want := range map[Lang][]string{
		ZH: {"--to 目录\n      备份到目录（必填）", "--level 值\n      级别：a, b", "--n 值\n      份数（默认 2）", "--quiet\n      安静"},
		EN: {"--to DIR\n      back up into DIR (required)", "--level value\n      level: a, b", "--n value\n      copies (default 2)"},
	} {
		var b bytes.Buffer
		f.WriteHelp(&b, c.Printer(lang))
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s help lacks %q:\n%s", lang, w, b.String())
			}
		}
		if strings.Contains(b.String(), "secret") {
			t.Errorf("%s help shows a hidden flag:\n%s", lang, b.String())
		}
	}
}

// The flag package's mistakes come back as FlagErrors, to be said in the
// user's language: the kind of mistake and the flag's name.
func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		kind, flag string
	}{
		{[]string{"--no-such"}, "unknown", "--no-such"},
		{[]string{"-x"}, "unknown", "--x"},
		{[]string{"--n"}, "no_value", "--n"},
		{[]string{"--n", "many"}, "bad_value", "--n"},
		{[]string{"--quiet=maybe"}, "bad_value", "--quiet"},
	} {
		f := NewFlags("t")
		f.Int("n", 0, "f.n")
		f.Bool("quiet", false, "f.quiet")
		_, err := f.Parse(tc.args)
		var fe *FlagError
		if !errors.As(err, &fe) || fe.Kind != tc.kind || fe.Flag != tc.flag {
			t.Errorf("Parse(%q) = %#v, want %s %s", tc.args, err, tc.kind, tc.flag)
		}
	}
}

// The global flags end at the command: its own flags are left to it.
func TestParseLeading(t *testing.T) {
	f := NewFlags("evidock")
	data := f.String("data", "", "f.data")
	rest, err := f.ParseLeading([]string{"--data", "/d", "import", "--json", "/mnt"})
	if err != nil || *data != "/d" || strings.Join(rest, " ") != "import --json /mnt" {
		t.Errorf("ParseLeading: %q, %v; data %q", rest, err, *data)
	}
}
