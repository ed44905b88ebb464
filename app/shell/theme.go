package shell

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// evidockTheme is Fyne's light theme with slightly larger text and the
// bureau's blue. Chinese glyphs come from the system's CJK font (Microsoft
// YaHei on Windows, WenQuanYi Micro Hei on Debian), which Fyne falls back to
// for characters its own font lacks.
type evidockTheme struct{ fyne.Theme }

func NewTheme() fyne.Theme { return evidockTheme{theme.DefaultTheme()} }

// Color gives the bureau's blue as the primary colour, light variant always.
func (t evidockTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return color.NRGBA{R: 0x1f, G: 0x5f, B: 0xbf, A: 0xff}
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// Size makes text a little larger for easier reading.
func (t evidockTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 15
	case theme.SizeNameSubHeadingText:
		return 19
	}
	return t.Theme.Size(n)
}
