package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// Languages the window speaks, by code; Chinese is the default.
const (
	LangZH = "zh"
	LangEN = "en"
)

// PrefLanguage is the preference key remembering the chosen language.
const PrefLanguage = "language"

//go:embed translations/*.json fyne_translations/*.json translations_areas
var Translations embed.FS

// M is the data of a translated template, e.g. M{"N": 3} for "{{.N}} files".
type M = map[string]any

// T translates key through the translation files (lang.L); data fills the
// template's {{.Name}} fields.
func T(key string, data ...M) string {
	if len(data) > 0 {
		return lang.L(key, data[0])
	}
	return lang.L(key)
}

// localeTags are the locales Fyne may pick from the system's settings (its
// own translations plus ours). The chosen language is loaded under every one
// of them, so the window speaks it whatever the system is set to: Fyne 2.7
// has no call to choose the language at run time, and on Windows it reads
// the locale from the system, not from the environment.
var localeTags = []fyne.Locale{"en", "zh", "zh-Hans", "zh-Hant", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk"}

var (
	langMu      sync.Mutex
	langLoaded  bool
	currentLang = LangZH
)

// SetLanguage makes code (LangZH or LangEN) the language of every string,
// Fyne's own dialogs included. Widgets made afterwards use it.
func SetLanguage(code string) error {
	if code != LangEN {
		code = LangZH
	}
	langMu.Lock()
	defer langMu.Unlock()
	if !langLoaded {
		quietLocale()
		if err := lang.AddTranslationsFS(Translations, "translations"); err != nil {
			return fmt.Errorf("app: translations: %w", err)
		}
		langLoaded = true
	}
	merged := map[string]any{}
	areas, _ := fs.Glob(Translations, "translations_areas/*-"+code+".json")
	for _, f := range append([]string{"fyne_translations/" + code + ".json", "translations/" + code + ".json"}, areas...) {
		data, err := Translations.ReadFile(f)
		if err != nil {
			return fmt.Errorf("app: translations: %w", err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("app: translations %s: %w", f, err)
		}
		for k, v := range m {
			merged[k] = v
		}
	}
	data, _ := json.Marshal(merged)
	for _, tag := range localeTags {
		if err := lang.AddTranslationsForLocale(data, tag); err != nil {
			return fmt.Errorf("app: translations for %s: %w", tag, err)
		}
	}
	currentLang = code
	return nil
}

// quietLocale gives Fyne a locale it can parse when the system says "C"
// (a bare Linux session or Xvfb), instead of an error logged on every
// language change; the window chooses its language itself anyway.
func quietLocale() {
	if runtime.GOOS == "windows" || runtime.GOOS == "android" || runtime.GOOS == "darwin" {
		return
	}
	if os.Getenv("LC_ALL") != "" {
		return
	}
	for _, v := range []string{"LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" && s != "C" && s != "POSIX" && !strings.HasPrefix(s, "C.") {
			return
		}
	}
	os.Setenv("LC_MESSAGES", "zh_CN.UTF-8")
}

// Language is the language in use.
func Language() string {
	langMu.Lock()
	defer langMu.Unlock()
	return currentLang
}
