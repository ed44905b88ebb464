package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The service account (服务账户) is the account the docking service acts as
// when no person is at the desk: `evidock watch`, and the window while
// nobody is logged in. Evidence never waits for a login, and yet every
// docking is an accountable user's act. An administrator creates it
// (user add NAME --roles service); its password is a random token the store
// keeps in the data folder, readable only by the workstation's own system
// account, so no person ever types or knows it.

// ErrNoService means the data folder has users but no enabled service
// account, so nothing can dock unattended.
var ErrNoService = errors.New("no service account: an administrator creates one with 'evidock --user ADMIN user add NAME --roles service'")

// serviceTokenPath is where a service account's token is kept.
func (s *Store) serviceTokenPath(name string) string {
	return filepath.Join(s.dir, "service", name+".token")
}

// newServiceToken makes and keeps a service account's token.
func (s *Store) newServiceToken(name string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Join(s.dir, "service"), 0o700); err != nil {
		return "", err
	}
	path := s.serviceTokenPath(name)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(token+"\n"), 0o600); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	return token, nil
}

// DockingSession is who docks unattended: the workstation itself while the
// data folder has no users (before init), afterwards the enabled service
// account, whose login is a ledger entry. With users but no service account
// it returns ErrNoService.
func (s *Store) DockingSession(ctx context.Context) (*Session, error) {
	has, err := s.HasUsers(ctx)
	if err != nil {
		return nil, err
	}
	if !has {
		return s.Workstation(), nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT u.name, u.password FROM users u JOIN user_roles r ON r.user = u.name
		WHERE r.role = 'service' AND u.disabled = 0 ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("store: find the service account: %w", err)
	}
	type account struct{ name, hash string }
	var accounts []account
	for rows.Next() {
		var a account
		if err := rows.Scan(&a.name, &a.hash); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: find the service account: %w", err)
		}
		accounts = append(accounts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find the service account: %w", err)
	}
	for _, a := range accounts {
		token, err := os.ReadFile(s.serviceTokenPath(a.name))
		if err != nil {
			continue // created on another workstation's copy, or its token was removed
		}
		ok, err := checkPassword(a.hash, strings.TrimSpace(string(token)))
		if err != nil || !ok {
			continue
		}
		var roles []Role
		err = s.Tx(ctx, func(tx *sql.Tx) error {
			var list string
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(group_concat(role), '') FROM user_roles WHERE user = ?`, a.name).Scan(&list); err != nil {
				return err
			}
			roles = SortRoles(list)
			_, err := s.AppendEntry(ctx, tx, "user:"+a.name, "login", "user:"+a.name, map[string]any{"roles": roles, "service": true})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: service login %s: %w", a.name, err)
		}
		return &Session{st: s, actor: Actor{Name: a.name, Roles: roles}}, nil
	}
	return nil, ErrNoService
}

// isService reports whether roles make a service account, which holds no
// other role: a person's account never docks as the service.
func isService(roles []Role) bool { return slices.Contains(roles, RoleService) }
