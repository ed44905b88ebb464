// Package keeping is the window's pages about keeping evidence: cases and
// their recordings, recorder custody (check-out and check-in), not-recorded
// work records, and expired recordings with their purge requests.
package keeping
