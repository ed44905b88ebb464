package cli

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Catalog holds a program's messages in every language it speaks, read
// from translation files: JSON objects of key to text, one file per area
// and language named AREA-LANG.json (import-zh.json, import-en.json). A
// text is a fmt format; a translation that needs its values in another
// order numbers them (%[2]s).
type Catalog struct {
	msgs map[Lang]map[string]string
	from map[string]string // key → the file it came from, for error messages
}

// own are this package's messages (the words of Flags' help), which every
// Catalog holds besides the program's.
//
//go:embed messages/*.json
var own embed.FS

// Load reads every translation file in dir of fsys, and this package's
// own. A key given twice, in one language, is an error: each message has
// one place.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{ZH: {}, EN: {}}, from: map[string]string{}}
	if err := c.load(own, "messages"); err != nil {
		return nil, err
	}
	if err := c.load(fsys, dir); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Catalog) load(fsys fs.FS, dir string) error {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return fmt.Errorf("cli: translations: %w", err)
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		i := strings.LastIndexByte(base, '-')
		lang := Lang(base[i+1:])
		if _, ok := c.msgs[lang]; !ok || i < 0 {
			return fmt.Errorf("cli: translations: %s: name it AREA-zh.json or AREA-en.json", f)
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return fmt.Errorf("cli: translations: %w", err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("cli: translations %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := c.msgs[lang][k]; dup {
				return fmt.Errorf("cli: translations: %q is in %s and %s", k, c.from[string(lang)+"/"+k], f)
			}
			c.msgs[lang][k] = v
			c.from[string(lang)+"/"+k] = f
		}
	}
	return nil
}

// MustLoad is Load for translations embedded in the program, which the
// program's tests have read: it panics on an error.
func MustLoad(fsys fs.FS, dir string) *Catalog {
	c, err := Load(fsys, dir)
	if err != nil {
		panic(err)
	}
	return c
}

// Has reports whether key has a text in every language.
func (c *Catalog) Has(key string) bool {
	for _, m := range c.msgs {
		if _, ok := m[key]; !ok {
			return false
		}
	}
	return true
}

// Keys lists every key of any language, sorted.
func (c *Catalog) Keys() []string {
	seen := map[string]bool{}
	for _, m := range c.msgs {
		for k := range m {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Problems lists what is wrong with the translations: a key missing in a
// language, an empty text, or texts of one key that take different values
// (a translation must format the same values, though maybe in another
// order). Nil means every message can be printed in every language.
func (c *Catalog) Problems() []string {
	var out []string
	for _, k := range c.Keys() {
		zh, zok := c.msgs[ZH][k]
		en, eok := c.msgs[EN][k]
		switch {
		case !zok || !eok:
			out = append(out, fmt.Sprintf("%q has no text in %s", k, map[bool]Lang{true: EN, false: ZH}[zok]))
			continue
		case strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "":
			out = append(out, fmt.Sprintf("%q has an empty text", k))
			continue
		}
		zv, zerr := verbs(zh)
		ev, eerr := verbs(en)
		switch {
		case zerr != nil || eerr != nil:
			out = append(out, fmt.Sprintf("%q: %v", k, firstErr(zerr, eerr)))
		case zv != ev:
			out = append(out, fmt.Sprintf("%q takes %s in zh but %s in en", k, zv, ev))
		}
	}
	return out
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// verbs says which verb formats each value of format, in value order
// ("sd": a string, then a number), so two formats can be compared.
func verbs(format string) (string, error) {
	var used []byte
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			n := 0
			if end > 0 {
				n, _ = strconv.Atoi(format[i+1 : i+end])
			}
			if n < 1 {
				return "", fmt.Errorf("bad value index in %q", format)
			}
			arg = n - 1
			i += end + 1
		}
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.') {
			i++
		}
		if i >= len(format) {
			return "", fmt.Errorf("%q ends in a %%", format)
		}
		if format[i] == '%' {
			continue
		}
		for len(used) <= arg {
			used = append(used, '_')
		}
		if used[arg] != '_' && used[arg] != format[i] {
			return "", fmt.Errorf("value %d formatted as %%%c and %%%c in %q", arg+1, used[arg], format[i], format)
		}
		used[arg] = format[i]
		arg++
	}
	return string(used), nil
}

// Printer formats messages in one language.
type Printer struct {
	lang Lang
	c    *Catalog
}

// Printer returns the printer of lang.
func (c *Catalog) Printer(lang Lang) Printer { return Printer{lang, c} }

// Lang is the printer's language.
func (p Printer) Lang() Lang { return p.lang }

// Sprintf formats the message key with args. A key without a text (a bug
// the tests look for) comes out as itself, so it is seen, not hidden.
func (p Printer) Sprintf(key string, args ...any) string {
	format, ok := p.c.msgs[p.lang][key]
	if !ok {
		return "!" + key + fmt.Sprint(args...)
	}
	if len(args) == 0 && !strings.Contains(format, "%") {
		return format
	}
	return fmt.Sprintf(format, args...)
}
