// Package maintain is the 维护 and 台账 pages: the integrity check, storage
// and backup, the replica in object storage, and the ledger with its
// verification.
package maintain
