// Package supervise is the 督查 overview: counts per officer for a period,
// the open items behind each, the chart by officer and the report.
package supervise
