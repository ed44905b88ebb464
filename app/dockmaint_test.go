package app

import (
	"testing"
	"time"

	"evidock/ingest/dock"
)

// The docking service's scheduled maintenance (integrity check, backup,
// replication, retention) reports without a volume: the 采集 screen shows
// no card for it — found under Xvfb (internal/windowtest) as a card
// "存储设备 正在识别记录仪……" that never went away.
func TestMaintenanceMakesNoCard(t *testing.T) {
	ui, _ := newTestUI(t)
	for _, typ := range []string{dock.IntegrityChecked, dock.BackedUp, dock.Replicated, dock.RetentionDue} {
		ui.HandleEvent(dock.Event{Type: typ, Time: time.Now(), Count: 1})
	}
	vol := "/media/usb/CAM-7"
	ui.HandleEvent(dock.Event{Type: dock.VolumeSeen, Volume: vol, Time: time.Now()})
	pump(t, ui, func() bool { return ui.dock.cards[vol] != nil })
	if len(ui.dock.cards) != 1 || len(ui.model.Volumes()) != 1 {
		t.Errorf("after maintenance and one recorder, cards for %v (model %v), want only %s", keys(ui.dock.cards), ui.model.Volumes(), vol)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
