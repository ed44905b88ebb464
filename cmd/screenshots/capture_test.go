package main

import (
	"image"
	"image/color"
	"testing"
)

// A one-colour capture counts as blank (the screenshot run then fails); a
// picture with anything on it does not.
func TestBlankCapture(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 90, 60))
	for y := range 60 {
		for x := range 90 {
			img.Set(x, y, color.White)
		}
	}
	if !blank(img) || !blank(nil) {
		t.Fatal("a white capture (or none) is not taken as blank")
	}
	img.Set(30, 30, color.Black)
	if blank(img) {
		t.Fatal("a capture with a dark pixel is taken as blank")
	}
}
