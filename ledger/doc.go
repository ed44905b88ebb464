// Package ledger owns evidock's append-only ledger: the entries, each
// leaf of an RFC 6962 Merkle tree (golang.org/x/mod/sumdb/tlog), the tree
// heads, inclusion proofs ([Proof]) and the check that a database's ledger
// is the tree it claims ([Verify]). Signed checkpoints are in the
// subpackage checkpoint.
//
// It works on a *sql.DB or transaction it is given and knows nothing of
// users or recordings; store binds each entry to its actor and change.
package ledger
