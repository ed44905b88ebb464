// Package records owns what was imported: import runs (begun, each file
// archived, finished or interrupted), the recordings and their facts
// (recording time and its source, duration, officer, flags), and each
// recorder's learned time habit. ingest calls it; every face lists
// recordings through it with the viewer's clearance applied.
package records
