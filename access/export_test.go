package access

// LoadExport reads one export attempt's row without a ledger entry, for
// the tests.
var LoadExport = loadExport
