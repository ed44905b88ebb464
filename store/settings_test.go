package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A change goes through the core, is checked, is a ledger entry, and every
// reader of the data folder sees it.
func TestSetSetting(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	admin, err := st.InitAdmin(ctx, "root", "", testPassword)
	must(t, err)
	if got := mustSettings(t, st).GapThreshold; got != 60*time.Second {
		t.Fatalf("default gap threshold %v", got)
	}
	must(t, admin.SetSetting(ctx, SettingGapThreshold, "90"))
	other, err := Open(st.Dir()) // another process on the same folder
	must(t, err)
	defer other.Close()
	if got := mustSettings(t, other).GapThreshold; got != 90*time.Second {
		t.Errorf("another process reads gap threshold %v, want 90s", got)
	}
	es, err := st.queryLedger(ctx, LedgerFilter{ActionPrefix: "settings.set"})
	must(t, err)
	if len(es) != 1 || es[0].Subject != "setting:gap_threshold_s" || es[0].Actor != "user:root" {
		t.Fatalf("ledger %+v", es)
	}
	for _, tc := range []struct {
		key, value string
		want       error
	}{
		{SettingGapThreshold, "0", ErrInvalid},
		{SettingGapThreshold, "abc", ErrInvalid},
		{SettingGapThreshold, "90", ErrUnchanged},
		{"no_such_setting", "1", ErrInvalid},
		{SettingWatchRoots, "relative/folder", ErrInvalid},
		{SettingDiscMedium, "floppy", ErrInvalid},
	} {
		if err := admin.SetSetting(ctx, tc.key, tc.value); !errors.Is(err, tc.want) {
			t.Errorf("set %s=%q: %v, want %v", tc.key, tc.value, err, tc.want)
		}
	}
	list, err := admin.SettingList(ctx)
	must(t, err)
	keys := []string{SettingGapThreshold, SettingShiftBreak, SettingClockTolerance, SettingLateGrace,
		SettingFreeWarn, SettingWatchRoots, SettingDiscMedium, SettingCheckEvery}
	for i, s := range list {
		if i >= len(keys) || s.Key != keys[i] {
			t.Errorf("setting %d is %s, want the keys in order %v", i, s.Key, keys)
		}
	}
	if len(list) != len(keys) || list[0].Key != SettingGapThreshold || list[0].Value != "90" || list[0].Default != "60" || list[0].ChangedBy != "user:root" {
		t.Errorf("list %+v", list)
	}
}

func mustSettings(t *testing.T, st *Store) Settings {
	t.Helper()
	s, err := st.Settings(context.Background())
	must(t, err)
	return s
}
