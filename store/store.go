package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go

	"evidock/archive"
	"evidock/internal/clock"
	"evidock/ledger/checkpoint"
)

// DBName is the ledger database's file name inside the data folder.
const DBName = "ledger.db"

// Store is an open data folder.
type Store struct {
	dir     string
	write   *sql.DB // one connection; every transaction is BEGIN IMMEDIATE
	read    *sql.DB // a pool for queries
	archive *archive.Archive
	keys    *checkpoint.Keys // signs checkpoints of the ledger
	space   *archive.Room    // the archive disk's room, shared by every copy in flight
	full    bool             // opened on a full disk: read only (see openFull)

	// Now returns the current time (clock.Now); tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the data folder dir: its ledger database,
// with migrations applied, and its archive. It closes import runs left
// running by a process that died, and undoes archive files whose recording
// was never committed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	dbPath := filepath.Join(dir, DBName)
	write, err := openDB(dbPath, 1)
	if err != nil {
		if full(err) {
			return openFull(dir)
		}
		return nil, err
	}
	s := &Store{dir: dir, write: write, Now: clock.Now}
	s.space = archive.NewRoom(func() int64 { free, _ := archive.DiskSpace(dir); return free })
	if err := s.migrate(context.Background()); err != nil {
		write.Close()
		return nil, err
	}
	s.read, err = openDB(dbPath, 4)
	if err != nil {
		write.Close()
		return nil, err
	}
	s.archive, err = archive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		s.Close()
		return nil, err
	}
	if err := s.recover(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ensureKeys(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openFull opens a data folder whose disk is full, so that the archive can
// still be checked and the disk looked at: the database read as it is on
// the disk (SQLite's immutable mode needs no room for its shared-memory
// file), and every write refused with ErrLedgerFull. A folder still open in
// another process may be behind what that process has written.
func openFull(dir string) (*Store, error) {
	path := filepath.Join(dir, DBName)
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&immutable=1")
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s on a full disk: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{dir: dir, write: db, read: db, Now: clock.Now, full: true}
	s.space = archive.NewRoom(func() int64 { free, _ := archive.DiskSpace(dir); return free })
	if s.archive, err = archive.Open(filepath.Join(dir, "archive")); err != nil {
		db.Close()
		return nil, err
	}
	if k, err := checkpoint.Load(filepath.Join(dir, KeysDir)); err == nil {
		s.keys = k
	}
	return s, nil
}

// full tells an error of a full disk, in SQLite's words or the system's.
func full(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) && (coded.Code()&0xff == 13 || coded.Code() == 4874) { // SQLITE_FULL, SQLITE_IOERR_SHMSIZE
		return true
	}
	return archive.IsDiskFull(err)
}

// Full reports whether the data folder was opened on a full disk: it can
// be read and checked, and nothing can be written.
func (s *Store) Full() bool { return s.full }

func openDB(path string, conns int) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	// With recursive triggers, REPLACE's implicit delete fires the ledger's
	// delete trigger, so INSERT OR REPLACE cannot rewrite history either.
	q.Add("_pragma", "recursive_triggers(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// Archive is the store's write-once archive.
func (s *Store) Archive() *archive.Archive { return s.archive }

// Close closes the database connections.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil && s.read != s.write {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// Tx runs fn in one immediate write transaction.
func (s *Store) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.full {
		return fmt.Errorf("store: %w", ErrLedgerFull)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", txError(err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return txError(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", txError(err))
	}
	return nil
}

func UnixMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func FromMS(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// ErrLedgerFull means the ledger could not take an entry because the disk
// is full: the action it records was not done.
var ErrLedgerFull = fmt.Errorf("%w: the ledger cannot grow", archive.ErrDiskFull)

// txError turns a failed transaction's error into what a person can act on:
// a full disk is ErrLedgerFull, never SQLite's own words.
func txError(err error) error {
	if full(err) {
		return fmt.Errorf("%w (%v)", ErrLedgerFull, err)
	}
	return err
}

// Exec runs one statement outside a ledger transaction: bookkeeping that a
// ledger entry already accounts for (how far a check has come, that a
// purged file is gone).
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	if s.full {
		return fmt.Errorf("store: %w", ErrLedgerFull)
	}
	_, err := s.write.ExecContext(ctx, query, args...)
	return txError(err)
}

// Room shares the archive disk's room among the copies in flight.
func (s *Store) Room() *archive.Room { return s.space }

func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// DayMS is the start of a local day (YYYY-MM-DD) in unix ms; end adds a day.
func DayMS(day string, end bool) (int64, error) {
	t, err := time.ParseInLocation(time.DateOnly, day, time.Local)
	if err != nil {
		return 0, fmt.Errorf("store: date %q is not YYYY-MM-DD: %w", day, ErrInvalid)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t.UnixMilli(), nil
}

// LoadAll runs query, which selects ids, and loads each with load, in order.
func LoadAll[T any](ctx context.Context, q Queryer, load func(context.Context, Queryer, int64) (T, error), query string, args ...any) ([]T, error) {
	ids, err := QueryIDs(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		v, err := load(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func QueryIDs(ctx context.Context, q Queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Queryer is a *sql.DB or *sql.Tx.
type Queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// DB is the pool the domain packages query through; writes go through Tx,
// AppendEntry or Exec so they are bound to the ledger.
func (s *Store) DB() *sql.DB { return s.read }
