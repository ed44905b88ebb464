package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Verify recomputes the Merkle tree from the entries and compares it
// with every stored hash and tree head, calling problem for each difference
// and progress as it goes. It returns how many entries it read.
func Verify(ctx context.Context, db *sql.DB, problem func(kind, ref, what string), progress func(done, total int64)) (int64, error) {
	var size int64
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(seq)+1, 0) FROM ledger`).Scan(&size); err != nil {
		return 0, fmt.Errorf("ledger: verify: %w", err)
	}
	var count int64
	db.QueryRowContext(ctx, `SELECT count(*) FROM ledger WHERE seq < ?`, size).Scan(&count)
	if count != size {
		problem("entry", "ledger",
			fmt.Sprintf("%d entries are missing from the sequence 0…%d", size-count, size-1))
	}
	entries, err := db.QueryContext(ctx, `SELECT seq, time, actor, action, subject, details FROM ledger WHERE seq < ? ORDER BY seq`, size)
	if err != nil {
		return 0, fmt.Errorf("ledger: verify: %w", err)
	}
	defer entries.Close()
	hashes, err := db.QueryContext(ctx, `SELECT id, hash FROM ledger_hashes WHERE id < ? ORDER BY id`, tlog.StoredHashCount(size))
	if err != nil {
		return 0, fmt.Errorf("ledger: verify: %w", err)
	}
	defer hashes.Close()
	heads, err := db.QueryContext(ctx, `SELECT size, root FROM tree_heads WHERE size <= ? ORDER BY size`, size)
	if err != nil {
		return 0, fmt.Errorf("ledger: verify: %w", err)
	}
	defer heads.Close()

	nextHash := func() (int64, []byte, bool) {
		if !hashes.Next() {
			return 0, nil, false
		}
		var id int64
		var h []byte
		hashes.Scan(&id, &h)
		return id, h, true
	}
	headSize, headRoot, haveHead := int64(0), []byte(nil), false
	nextHead := func() {
		haveHead = heads.Next()
		if haveHead {
			heads.Scan(&headSize, &headRoot)
		}
	}
	nextHead()
	type node struct {
		level int
		hash  tlog.Hash
	}
	var read int64
	var frontier []node // complete subtrees, largest first: the right edge of the tree
	for entries.Next() {
		e, err := Scan(entries)
		if err != nil {
			return 0, err
		}
		n := e.Seq
		h := tlog.RecordHash(e.Leaf())
		computed := []tlog.Hash{h}
		level := 0
		for m := n; m&1 == 1; m >>= 1 {
			left := frontier[len(frontier)-1]
			frontier = frontier[:len(frontier)-1]
			h = tlog.NodeHash(left.hash, h)
			computed = append(computed, h)
			level++
		}
		frontier = append(frontier, node{level, h})
		base := tlog.StoredHashIndex(0, n)
		for i, want := range computed {
			id, got, ok := nextHash()
			switch {
			case !ok || id != base+int64(i):
				problem("tree", fmt.Sprintf("entry #%d", n), "its hash is missing from the tree")
			case i == 0 && !bytes.Equal(got, want[:]):
				problem("entry", fmt.Sprintf("entry #%d", n),
					fmt.Sprintf("its content (%s by %s at %s) does not match the hash recorded when it was written", e.Action, e.Actor, e.timeText))
			case !bytes.Equal(got, want[:]):
				problem("tree", fmt.Sprintf("entry #%d", n), "a tree node recorded with it does not match")
			}
			if ok && id != base+int64(i) {
				break
			}
		}
		root := frontier[len(frontier)-1].hash
		for i := len(frontier) - 2; i >= 0; i-- {
			root = tlog.NodeHash(frontier[i].hash, root)
		}
		for haveHead && headSize < n+1 {
			nextHead()
		}
		if !haveHead || headSize != n+1 {
			problem("tree", fmt.Sprintf("tree head %d", n+1), "is missing")
		} else if !bytes.Equal(headRoot, root[:]) {
			problem("tree", fmt.Sprintf("tree head %d", n+1),
				"its root hash does not match the entries")
		}
		read++
		if read%4096 == 0 {
			progress(read, size)
		}
	}
	if err := entries.Err(); err != nil {
		return 0, fmt.Errorf("ledger: verify: %w", err)
	}
	progress(read, size)
	return read, nil
}
