package store

import (
	"testing"
)

func TestOpenTwiceAppliesMigrationsOnce(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		st, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		st.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
		entries, _ := migrations.ReadDir("migrations")
		if n != len(entries) {
			t.Fatalf("schema_migrations has %d rows, want %d", n, len(entries))
		}
		st.Close()
	}
}
