package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lockout: after MaxFailures wrong passwords in a row an account is locked
// for LockDuration; while locked even the right password is refused.
const (
	MaxFailures  = 5
	LockDuration = 15 * time.Minute
)

// Why a login is refused. Each refusal is a ledger entry.
var (
	ErrBadPassword = errors.New("wrong user name or password")
	ErrLocked      = errors.New("account locked after repeated wrong passwords")
	ErrDisabled    = errors.New("account disabled")
)

// LockedError is ErrLocked with the time the lock ends.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("%v until %s", ErrLocked, e.Until.Local().Format(time.DateTime))
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Login checks name's password and returns a session acting as that user.
// An unknown name and a wrong password are the same ErrBadPassword (and
// take the same time). A locked account gives a *LockedError without the
// password being checked; a disabled one ErrDisabled, told only to whoever
// knows its password. Every outcome is a ledger entry by the workstation,
// whose subject is "user:" + name.
func (s *Store) Login(ctx context.Context, name, password string) (*Session, error) {
	var (
		hash     string
		disabled bool
		failures int
		locked   int64
	)
	err := s.read.QueryRowContext(ctx, `SELECT password, disabled, failures, locked_until FROM users WHERE name = ?`, name).
		Scan(&hash, &disabled, &failures, &locked)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: login %s: %w", name, err)
	}
	now := s.Now()
	if known && locked > unixMS(now) {
		until := fromMS(locked)
		if err := s.logLogin(ctx, "login.locked", name, map[string]any{"until": until}); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("store: login %s: %w", name, &LockedError{Until: until})
	}
	if !known {
		checkPassword(dummyHash(), password)
		if err := s.logLogin(ctx, "login.failed", name, map[string]any{"reason": "unknown user"}); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("store: login %s: %w", name, ErrBadPassword)
	}
	ok, err := checkPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("store: login %s: %w", name, err)
	}
	if !ok {
		return nil, s.loginFailed(ctx, name)
	}
	if disabled {
		if err := s.logLogin(ctx, "login.disabled", name, nil); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("store: login %s: %w", name, ErrDisabled)
	}
	var roles []Role
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?`, name); err != nil {
			return err
		}
		var list string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(group_concat(role), '') FROM user_roles WHERE user = ?`, name).Scan(&list); err != nil {
			return err
		}
		roles = sortRoles(list)
		_, err := s.appendEntry(ctx, tx, "user:"+name, "login", "user:"+name, map[string]any{"roles": roles})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: login %s: %w", name, err)
	}
	return &Session{st: s, actor: Actor{Name: name, Roles: roles}}, nil
}

// loginFailed counts a wrong password and locks the account at MaxFailures.
func (s *Store) loginFailed(ctx context.Context, name string) error {
	var until time.Time
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failures = failures + 1 WHERE name = ? RETURNING failures`, name).Scan(&n); err != nil {
			return err
		}
		if _, err := s.appendEntry(ctx, tx, "workstation", "login.failed", "user:"+name,
			map[string]any{"reason": "wrong password", "failures": n}); err != nil {
			return err
		}
		if n < MaxFailures {
			return nil
		}
		until = s.Now().Add(LockDuration)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = 0, locked_until = ? WHERE name = ?`, unixMS(until), name); err != nil {
			return err
		}
		_, err := s.appendEntry(ctx, tx, "workstation", "user.locked", "user:"+name,
			map[string]any{"failures": n, "until": until.UTC()})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: login %s: record failure: %w", name, err)
	}
	if !until.IsZero() {
		return fmt.Errorf("store: login %s: %w", name, &LockedError{Until: until.UTC()})
	}
	return fmt.Errorf("store: login %s: %w", name, ErrBadPassword)
}

func (s *Store) logLogin(ctx context.Context, action, name string, details any) error {
	_, err := s.Workstation().log(ctx, action, "user:"+name, details)
	if err != nil {
		return fmt.Errorf("store: login %s: record %s: %w", name, action, err)
	}
	return nil
}
