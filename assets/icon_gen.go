//go:build ignore

// icon_gen draws assets/icon.png (512×512): a blue rounded square with a
// white recorder body, its lens, a red recording dot and a green check mark
// for "verified". Run: go run assets/icon_gen.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const size = 512

// cover returns how much of the pixel at (x, y) a shape covers, sampled 4×4.
func cover(x, y int, in func(fx, fy float64) bool) float64 {
	n := 0
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if in(float64(x)+(float64(i)+0.5)/4, float64(y)+(float64(j)+0.5)/4) {
				n++
			}
		}
	}
	return float64(n) / 16
}

func roundRect(x0, y0, x1, y1, r float64) func(x, y float64) bool {
	return func(x, y float64) bool {
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return x >= x0 && x <= x1 && y >= y0 && y <= y1 && math.Hypot(x-cx, y-cy) <= r
	}
}

func circle(cx, cy, r float64) func(x, y float64) bool {
	return func(x, y float64) bool { return math.Hypot(x-cx, y-cy) <= r }
}

// segment is a thick line from (ax, ay) to (bx, by).
func segment(ax, ay, bx, by, w float64) func(x, y float64) bool {
	return func(x, y float64) bool {
		dx, dy := bx-ax, by-ay
		t := math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/(dx*dx+dy*dy)))
		return math.Hypot(x-(ax+t*dx), y-(ay+t*dy)) <= w/2
	}
}

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	type layer struct {
		in  func(x, y float64) bool
		col func(x, y float64) color.NRGBA
	}
	flat := func(c color.NRGBA) func(x, y float64) color.NRGBA { return func(x, y float64) color.NRGBA { return c } }
	check := func(x, y float64) bool {
		return segment(328, 374, 355, 402, 20)(x, y) || segment(355, 402, 402, 344, 20)(x, y)
	}
	layers := []layer{
		{roundRect(16, 16, 496, 496, 96), func(x, y float64) color.NRGBA {
			t := y / size
			return color.NRGBA{uint8(0x2a - 0x10*t), uint8(0x6c - 0x20*t), uint8(0xd8 - 0x40*t), 0xff}
		}},
		{roundRect(96, 130, 416, 390, 44), flat(color.NRGBA{0xff, 0xff, 0xff, 0xff})},
		{circle(230, 260, 82), flat(color.NRGBA{0x1d, 0x2b, 0x45, 0xff})},
		{circle(230, 260, 50), flat(color.NRGBA{0x3d, 0x7b, 0xd9, 0xff})},
		{circle(210, 240, 14), flat(color.NRGBA{0xe8, 0xf1, 0xff, 0xff})},
		{circle(365, 180, 20), flat(color.NRGBA{0xe5, 0x39, 0x35, 0xff})},
		{circle(365, 372, 84), flat(color.NRGBA{0xff, 0xff, 0xff, 0xff})},
		{circle(365, 372, 72), flat(color.NRGBA{0x2e, 0x9e, 0x4f, 0xff})},
		{func(x, y float64) bool { return check(x-0, y-0) }, flat(color.NRGBA{0xff, 0xff, 0xff, 0xff})},
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for _, l := range layers {
				c := cover(x, y, l.in)
				if c == 0 {
					continue
				}
				col := l.col(float64(x), float64(y))
				r = r*(1-c) + float64(col.R)*c
				g = g*(1-c) + float64(col.G)*c
				b = b*(1-c) + float64(col.B)*c
				a = a*(1-c) + 255*c
			}
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(r / a * 255), uint8(g / a * 255), uint8(b / a * 255), uint8(a)})
			}
		}
	}
	f, err := os.Create("assets/icon.png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
}
