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

// Why a login is refused. Each refusal is a ledger entry. A locked account
// is refused with ErrBadPassword like an unknown name, so that guessing
// tells nobody which names exist.
var (
	ErrBadPassword = errors.New("用户名或密码错误 (wrong user name or password)")
	ErrDisabled    = errors.New("account disabled")
)

// Login checks name's password and returns a session acting as that user.
//
// An unknown name, a wrong password and a locked account all give the same
// ErrBadPassword ("用户名或密码错误") and take the same time, so names cannot
// be discovered by guessing. Each attempt first claims one of the account's
// MaxFailures guesses in a write transaction of its own, before the password
// is checked: the claim and the lockout decision are one transaction, so no
// number of parallel logins gets more than MaxFailures guesses per lockout
// period. A disabled account gives ErrDisabled, told only to whoever knows
// its password. Every outcome is a ledger entry whose subject is
// "user:" + name.
func (s *Store) Login(ctx context.Context, name, password string) (*Session, error) {
	hash, claimed, err := s.claimAttempt(ctx, name)
	if err != nil {
		return nil, err
	}
	if !claimed {
		checkPassword(dummyHash(), password) // the same time as a real check
		return nil, fmt.Errorf("store: login %s: %w", name, ErrBadPassword)
	}
	ok, err := checkPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("store: login %s: %w", name, err)
	}
	if !ok {
		return nil, s.loginFailed(ctx, name)
	}
	var roles []Role
	var disabled bool
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE name = ?`, name).Scan(&disabled); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?`, name); err != nil {
			return err
		}
		if disabled {
			_, err := s.AppendEntry(ctx, tx, "workstation", "login.disabled", "user:"+name, nil)
			return err
		}
		var list string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(group_concat(role), '') FROM user_roles WHERE user = ?`, name).Scan(&list); err != nil {
			return err
		}
		roles = SortRoles(list)
		_, err := s.AppendEntry(ctx, tx, "user:"+name, "login", "user:"+name, map[string]any{"roles": roles})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: login %s: %w", name, err)
	}
	if disabled {
		return nil, fmt.Errorf("store: login %s: %w", name, ErrDisabled)
	}
	return &Session{st: s, actor: Actor{Name: name, Roles: roles}}, nil
}

// claimAttempt takes one guess of name's account and returns its password
// hash; claimed is false (with the refusal in the ledger) when the name is
// unknown or the account is locked. Taking the last guess while all are
// taken locks the account.
func (s *Store) claimAttempt(ctx context.Context, name string) (hash string, claimed bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		var failures int
		var locked int64
		err := tx.QueryRowContext(ctx, `SELECT password, failures, locked_until FROM users WHERE name = ?`, name).
			Scan(&hash, &failures, &locked)
		if errors.Is(err, sql.ErrNoRows) {
			_, err := s.AppendEntry(ctx, tx, "workstation", "login.failed", "user:"+name, map[string]any{"reason": "unknown user"})
			return err
		}
		if err != nil {
			return err
		}
		now := s.Now()
		if locked > UnixMS(now) {
			_, err := s.AppendEntry(ctx, tx, "workstation", "login.locked", "user:"+name, map[string]any{"until": FromMS(locked)})
			return err
		}
		if failures >= MaxFailures {
			// Every guess of this period is taken (by attempts still
			// running, or by ones that died): lock now.
			until := now.Add(LockDuration)
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = 0, locked_until = ? WHERE name = ?`, UnixMS(until), name); err != nil {
				return err
			}
			_, err := s.AppendEntry(ctx, tx, "workstation", "user.locked", "user:"+name,
				map[string]any{"failures": failures, "until": until.UTC()})
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = failures + 1, locked_until = 0 WHERE name = ?`, name); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("store: login %s: %w", name, err)
	}
	return hash, claimed, nil
}

// loginFailed records a wrong password, whose guess claimAttempt already
// counted, and locks the account when it was the last of the period.
func (s *Store) loginFailed(ctx context.Context, name string) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT failures, locked_until FROM users WHERE name = ?`, name).Scan(&n, &locked); err != nil {
			return err
		}
		if _, err := s.AppendEntry(ctx, tx, "workstation", "login.failed", "user:"+name,
			map[string]any{"reason": "wrong password", "failures": n}); err != nil {
			return err
		}
		if n < MaxFailures || locked > UnixMS(s.Now()) {
			return nil
		}
		until := s.Now().Add(LockDuration)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failures = 0, locked_until = ? WHERE name = ?`, UnixMS(until), name); err != nil {
			return err
		}
		_, err := s.AppendEntry(ctx, tx, "workstation", "user.locked", "user:"+name,
			map[string]any{"failures": n, "until": until.UTC()})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: login %s: record failure: %w", name, err)
	}
	return fmt.Errorf("store: login %s: %w", name, ErrBadPassword)
}
