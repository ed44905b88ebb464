package app

import (
	"strings"
	"testing"
	"time"

	"evidock/app/shell"
	"evidock/safekeeping"
)

// 维护 → 存储与备份 says 数据不足 until a week of imports tells the rate
// (one small import would promise "131413 天"), then the days left.
func TestSpaceForecastSaysNotEnoughDataUntilTheRateIsKnown(t *testing.T) {
	ui, _ := newTestUI(t)
	login(t, ui)
	ui.Show(shell.ScreenMaintain + ".storage")
	pump(t, ui, func() bool { return ui.storage != nil })
	v := ui.storage
	v.ShowSpace(safekeeping.Forecast("/data", 100<<30, 200<<30, 5<<20, 24*time.Hour))
	if !strings.Contains(v.Space.Text, "数据不足") || strings.Contains(v.Space.Text, "还可使用约") {
		t.Fatalf("one small import: %q", v.Space.Text)
	}
	v.ShowSpace(safekeeping.Forecast("/data", 100<<30, 200<<30, 70<<30, 7*24*time.Hour))
	if !strings.Contains(v.Space.Text, "还可使用约 10 天") {
		t.Fatalf("a week of 10 GiB a day: %q", v.Space.Text)
	}
}
