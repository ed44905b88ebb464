package report

import (
	"fmt"
	"math"
	"strconv"

	"evidock/followups"
	"evidock/internal/typeset"
)

// ChartTitle is the title of the report's bar chart.
const ChartTitle = "每日录音录像数量（按时导出 / 逾期导出，第十三条）"

// Bar is one bar of the chart: a day's recordings, split into those
// imported on time and late.
type Bar struct {
	Label        string // the day of the month
	OnTime, Late int
}

// Bars are the chart's bars: one per day of the period.
func Bars(r followups.Monthly) []Bar {
	out := make([]Bar, len(r.Daily))
	for i, d := range r.Daily {
		label := d.Day
		if len(label) == len("2006-01-02") {
			label = label[8:]
		}
		out[i] = Bar{Label: label, OnTime: d.OnTime.N, Late: d.Recordings - d.OnTime.N}
	}
	return out
}

// niceStep is a step of 1, 2 or 5 times a power of ten that divides max
// into at most five parts.
func niceStep(max int) int {
	if max <= 5 {
		return 1
	}
	raw := float64(max) / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return int(m * p)
		}
	}
	return int(10 * p)
}

// drawChart draws the daily bars: on time in grey, late in black on top,
// with a scale on the left and the days below.
func drawChart(d *typeset.Doc, r followups.Monthly) {
	bars := Bars(r)
	if len(bars) == 0 {
		return
	}
	const height = 55.0
	if d.NeedPage(height + 30) {
		d.AddPage()
	}
	pdf := d.PDF()
	d.Ln(3)
	d.Line(ChartTitle, d.BodyWidth(), 7, typeset.Font{Size: 12}, "L")
	d.Ln(9)
	top := d.Y()
	left := d.Margin() + 12
	width := d.BodyWidth() - 12
	maxV, late := 1, 0
	for _, b := range bars {
		maxV = max(maxV, b.OnTime+b.Late)
		late += b.Late
	}
	step := niceStep(maxV)
	scaleMax := (maxV + step - 1) / step * step
	y := func(v int) float64 { return top + height - height*float64(v)/float64(scaleMax) }
	pdf.SetLineWidth(0.1)
	pdf.SetDrawColor(180, 180, 180)
	for v := 0; v <= scaleMax; v += step {
		pdf.Line(left, y(v), left+width, y(v))
		d.SetXY(d.Margin(), y(v)-2)
		d.Line(strconv.Itoa(v), 11, 4, typeset.Font{Size: 7}, "R")
	}
	pdf.SetDrawColor(0, 0, 0)
	slot := width / float64(len(bars))
	bw := min(slot*0.7, 8)
	labelEvery := 1
	if slot < 6 {
		labelEvery = int(math.Ceil(6 / slot))
	}
	for i, b := range bars {
		x := left + float64(i)*slot + (slot-bw)/2
		if b.OnTime > 0 {
			pdf.SetFillColor(170, 170, 170)
			pdf.Rect(x, y(b.OnTime), bw, y(0)-y(b.OnTime), "F")
		}
		if b.Late > 0 {
			pdf.SetFillColor(20, 20, 20)
			pdf.Rect(x, y(b.OnTime+b.Late), bw, y(b.OnTime)-y(b.OnTime+b.Late), "F")
		}
		if i%labelEvery == 0 {
			d.SetXY(left+float64(i)*slot-2, top+height+1)
			d.Line(b.Label, slot+4, 4, typeset.Font{Size: 7}, "C")
		}
	}
	pdf.Line(left, y(0), left+width, y(0))
	// Legend.
	ly := top + height + 7
	pdf.SetFillColor(170, 170, 170)
	pdf.Rect(left, ly+1, 4, 3, "F")
	d.SetXY(left+5, ly)
	d.Line("按时导出", 20, 5, typeset.Font{Size: 8}, "L")
	pdf.SetFillColor(20, 20, 20)
	pdf.Rect(left+28, ly+1, 4, 3, "F")
	d.SetXY(left+33, ly)
	d.Line(fmt.Sprintf("逾期导出（共 %d 条）", late), 40, 5, typeset.Font{Size: 8}, "L")
	d.SetY(ly + 8)
}
