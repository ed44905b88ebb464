package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"evidock/internal/storetest"
	"evidock/ledger"
	"evidock/store"
)

// A change goes through the core, is checked, is a ledger entry, and every
// reader of the data folder sees it.
func TestSetSetting(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	admin, err := st.InitAdmin(ctx, "root", "", storetest.Password)
	storetest.Must(t, err)
	if got := mustSettings(t, st).GapThreshold; got != 60*time.Second {
		t.Fatalf("default gap threshold %v", got)
	}
	storetest.Must(t, admin.SetSetting(ctx, store.SettingGapThreshold, "90"))
	other, err := store.Open(st.Dir()) // another process on the same folder
	storetest.Must(t, err)
	defer other.Close()
	if got := mustSettings(t, other).GapThreshold; got != 90*time.Second {
		t.Errorf("another process reads gap threshold %v, want 90s", got)
	}
	es, err := st.QueryLedger(ctx, ledger.Filter{ActionPrefix: "settings.set"})
	storetest.Must(t, err)
	if len(es) != 1 || es[0].Subject != "setting:gap_threshold_s" || es[0].Actor != "user:root" {
		t.Fatalf("ledger %+v", es)
	}
	for _, tc := range []struct {
		key, value string
		want       error
	}{
		{store.SettingGapThreshold, "0", store.ErrInvalid},
		{store.SettingGapThreshold, "abc", store.ErrInvalid},
		{store.SettingGapThreshold, "90", store.ErrUnchanged},
		{"no_such_setting", "1", store.ErrInvalid},
		{store.SettingWatchRoots, "relative/folder", store.ErrInvalid},
		{store.SettingDiscMedium, "floppy", store.ErrInvalid},
	} {
		if err := admin.SetSetting(ctx, tc.key, tc.value); !errors.Is(err, tc.want) {
			t.Errorf("set %s=%q: %v, want %v", tc.key, tc.value, err, tc.want)
		}
	}
	list, err := admin.SettingList(ctx)
	storetest.Must(t, err)
	keys := []string{store.SettingGapThreshold, store.SettingShiftBreak, store.SettingClockTolerance, store.SettingLateGrace,
		store.SettingFreeWarn, store.SettingWatchRoots, store.SettingDiscMedium, store.SettingCheckEvery}
	for i, s := range list {
		if i >= len(keys) || s.Key != keys[i] {
			t.Errorf("setting %d is %s, want the keys in order %v", i, s.Key, keys)
		}
	}
	if len(list) != len(keys) || list[0].Key != store.SettingGapThreshold || list[0].Value != "90" || list[0].Default != "60" || list[0].ChangedBy != "user:root" {
		t.Errorf("list %+v", list)
	}
}

func mustSettings(t *testing.T, st *store.Store) store.Settings {
	t.Helper()
	s, err := st.Settings(context.Background())
	storetest.Must(t, err)
	return s
}
