// Package safekeeping owns the proofs that nothing was lost or changed:
// verify (the ledger's tree, the tables derived from it, every archived
// file), the integrity check, backups and their schedule, restore,
// replication to object storage, signed checkpoints and the disk space
// forecast.
package safekeeping
