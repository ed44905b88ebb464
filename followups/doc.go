// Package followups owns what is still open after an import and what
// supervisors look at (Art. 6, 7, 9–11, 13): gaps, late imports and missing
// categories with the officers' answers, the timeline of a recorder's day,
// shifts, open items, the dashboard, the monthly report's figures and
// what was hidden from a list and why.
package followups
