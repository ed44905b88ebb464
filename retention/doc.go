// Package retention owns how long recordings are kept (Art. 14): each
// recording's retention date (from the later of its recording and import
// time), cases that hold recordings longer, and purging what has expired,
// with a tombstone in the ledger for every file removed.
package retention
