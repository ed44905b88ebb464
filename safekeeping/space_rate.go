package safekeeping

// SpaceRateDays is how many days of imports the forecast of Space needs
// before it is told: after one small import on a new archive, "days left"
// would be the free space divided by that one import (found: "还可使用约
// 131413 天"), a number nobody should plan by.
const SpaceRateDays = 7

// RateKnown reports whether the import rate of s is measured over enough
// days (SpaceRateDays) of an archive that has imports, so that DaysLeft
// can be shown; otherwise faces say there is not enough data yet.
func (s Space) RateKnown() bool {
	return s.Imported > 0 && s.PerDay > 0 && s.Days >= SpaceRateDays
}
