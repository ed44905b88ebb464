// Package store is evidock's kernel: the data folder (the SQLite database,
// the write-once archive and the signing keys), users and their roles,
// devices and officers, settings, and the [Session] every change goes
// through.
//
// A Session is bound to one actor. It checks what that actor may do (the
// permission table in actions.go) and writes the ledger entry in the same
// transaction as the change ([Session.Check], [Session.Log], [Store.Tx]).
// The domain packages (records, custody, access, retention, safekeeping,
// followups) keep their own tables through these and never write the
// ledger any other way; the ledger's format and the archive's files are
// packages of their own (ledger, archive).
package store
