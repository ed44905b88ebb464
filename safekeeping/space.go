package safekeeping

import (
	"context"
	"fmt"
	"time"

	"evidock/archive"
	"evidock/store"
)

// SpaceOf levels: how urgent the free space is.
const (
	SpaceOK       = "ok"
	SpaceLow      = "low"      // warn: under SpaceLowDays left, or under 10 % free
	SpaceCritical = "critical" // under SpaceCriticalDays left, under 2 % or under 1 GiB free
)

// SpaceOf thresholds, in days left at the current import rate.
const (
	SpaceLowDays      = 30
	SpaceCriticalDays = 7
	spaceWindow       = 30 * 24 * time.Hour // the import rate is measured over this
)

// SpaceOf is the data folder's disk: free space and a forecast of the days
// left at the current import rate.
type Space struct {
	Dir      string  `json:"dir"`
	Free     int64   `json:"free"`  // bytes; -1 when the disk cannot be asked
	Total    int64   `json:"total"` // bytes; -1 when the disk cannot be asked
	Imported int64   `json:"imported_bytes"`
	Days     float64 `json:"window_days"` // Imported arrived in these last days
	PerDay   float64 `json:"per_day"`     // bytes a day
	DaysLeft float64 `json:"days_left"`   // at PerDay; -1 when nothing was imported
	Level    string  `json:"level"`       // SpaceOK, SpaceLow or SpaceCritical
}

// SpaceOf reports the data folder's free space and how many days it lasts at
// the rate new recordings arrived over the last 30 days. It is not a ledger
// entry; screens ask it often.
func SpaceOf(ctx context.Context, sess *store.Session) (Space, error) {
	if err := sess.Check(ctx, store.ActSpaceRead, ""); err != nil {
		return Space{}, err
	}
	st := sess.Store()
	now := st.Now()
	from := now.Add(-spaceWindow)
	var imported, first int64
	err := st.DB().QueryRowContext(ctx, `SELECT coalesce(sum(size), 0), coalesce(min(imported_at), 0) FROM recordings WHERE imported_at >= ?`,
		store.UnixMS(from)).Scan(&imported, &first)
	if err != nil {
		return Space{}, fmt.Errorf("store: space: %w", err)
	}
	var oldest int64
	st.DB().QueryRowContext(ctx, `SELECT coalesce(min(imported_at), 0) FROM recordings`).Scan(&oldest)
	window := spaceWindow
	if oldest > store.UnixMS(from) { // a younger archive: its whole life
		window = now.Sub(store.FromMS(oldest))
	}
	free, total := archive.DiskSpace(st.Dir())
	return Forecast(st.Dir(), free, total, imported, max(window, 24*time.Hour)), nil
}

// Forecast computes the days left and the level from free and total bytes
// and the bytes imported over window.
func Forecast(dir string, free, total, imported int64, window time.Duration) Space {
	s := Space{Dir: dir, Free: free, Total: total, Imported: imported, Days: window.Hours() / 24, DaysLeft: -1, Level: SpaceOK}
	if s.Days > 0 {
		s.PerDay = float64(imported) / s.Days
	}
	if s.PerDay > 0 && free >= 0 {
		s.DaysLeft = float64(free) / s.PerDay
	}
	if free < 0 || total <= 0 {
		return s
	}
	share := float64(free) / float64(total)
	switch {
	case free < 1<<30 || share < 0.02 || s.DaysLeft >= 0 && s.DaysLeft < SpaceCriticalDays:
		s.Level = SpaceCritical
	case share < 0.10 || s.DaysLeft >= 0 && s.DaysLeft < SpaceLowDays:
		s.Level = SpaceLow
	}
	return s
}
