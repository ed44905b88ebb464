package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// UserRoles are the roles a user may hold, in the order the interface
// lists them. RoleWorkstation is the program's own and no user's.
var UserRoles = []Role{RoleOfficer, RoleCustodian, RoleLegal, RoleLeader, RoleSupervisor, RoleAdmin, RoleService}

// Errors about users.
var (
	ErrSetUp       = errors.New("the data folder already has users")
	ErrNoUser      = errors.New("no such user")
	ErrUserExists  = errors.New("a user of that name exists")
	ErrLastAdmin   = errors.New("that would leave no enabled administrator")
	ErrInvalidUser = errors.New("invalid user")
)

// User is one account. Its password hash never leaves the store.
type User struct {
	Name        string    `json:"name"`
	Display     string    `json:"display"`
	OfficerID   string    `json:"officer_id,omitempty"` // 警号
	Roles       []Role    `json:"roles"`
	Disabled    bool      `json:"disabled"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
}

// NewUser is what AddUser needs.
type NewUser struct {
	Name      string
	Display   string
	OfficerID string // the officer number (警号) linking the user to recordings
	Roles     []Role
	Password  string
}

// checkName accepts printable names of at most 64 characters without spaces.
func checkName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 64 || !utf8.ValidString(name) || name == "workstation" {
		return fmt.Errorf("%w: name %q", ErrInvalidUser, name)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return fmt.Errorf("%w: name %q has a space or control character", ErrInvalidUser, name)
		}
	}
	return nil
}

func checkRoles(roles []Role) ([]Role, error) {
	if len(roles) == 0 {
		return nil, fmt.Errorf("%w: at least one role", ErrInvalidUser)
	}
	var out []Role
	for _, r := range roles {
		if !slices.Contains(UserRoles, r) {
			return nil, fmt.Errorf("%w: unknown role %q", ErrInvalidUser, r)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if isService(out) && len(out) > 1 {
		return nil, fmt.Errorf("%w: a service account holds no other role", ErrInvalidUser)
	}
	return out, nil
}

// HasUsers reports whether any user exists. Until one does, the data folder
// is not set up: InitAdmin creates the first administrator.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: count users: %w", err)
	}
	return n > 0, nil
}

// ServiceName is the service account InitAdmin creates.
const ServiceName = "service"

// InitAdmin creates the first user, an administrator, and returns their
// session. It fails with ErrSetUp once any user exists: there is no default
// account and no default password. The administrator's first act is to
// create the service account (ServiceName), so recorders docked right after
// set-up are imported while nobody is logged in.
func (s *Store) InitAdmin(ctx context.Context, name, display, password string) (*Session, error) {
	u := NewUser{Name: name, Display: display, Roles: []Role{RoleAdmin}, Password: password}
	err := s.addUser(ctx, s.Workstation(), u, true)
	if err != nil {
		return nil, err
	}
	admin := &Session{st: s, actor: Actor{Name: name, Roles: []Role{RoleAdmin}}}
	if name != ServiceName {
		if err := s.addUser(ctx, admin, NewUser{Name: ServiceName, Display: "服务账户", Roles: []Role{RoleService}}, false); err != nil {
			return nil, fmt.Errorf("store: set up the service account: %w", err)
		}
	}
	return admin, nil
}

// AddUser creates an account.
func (sess *Session) AddUser(ctx context.Context, u NewUser) error {
	if err := sess.Check(ctx, ActUserAdd, "user:"+u.Name); err != nil {
		return err
	}
	return sess.st.addUser(ctx, sess, u, false)
}

func (s *Store) addUser(ctx context.Context, by *Session, u NewUser, first bool) error {
	if err := checkName(u.Name); err != nil {
		return fmt.Errorf("store: add user: %w", err)
	}
	roles, err := checkRoles(u.Roles)
	if err != nil {
		return fmt.Errorf("store: add user: %w", err)
	}
	if isService(roles) {
		if u.OfficerID != "" {
			return fmt.Errorf("store: add user %s: %w: a service account is no officer", u.Name, ErrInvalidUser)
		}
		// Its password is a token kept in the data folder; nobody types it.
		if u.Password, err = s.newServiceToken(u.Name); err != nil {
			return fmt.Errorf("store: add user %s: keep the service token: %w", u.Name, err)
		}
		defer func() {
			if err != nil {
				os.Remove(s.serviceTokenPath(u.Name))
			}
		}()
	}
	hash, err := hashPassword(u.Password)
	if err != nil {
		return fmt.Errorf("store: add user %s: %w", u.Name, err)
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		var n, same int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN name = ? THEN 1 END) FROM users`, u.Name).Scan(&n, &same); err != nil {
			return err
		}
		if first && n > 0 {
			return ErrSetUp
		}
		if same > 0 {
			return ErrUserExists
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users(name, display, officer_id, password, created_at, created_by) VALUES (?,?,?,?,?,?)`,
			u.Name, u.Display, u.OfficerID, hash, UnixMS(s.Now()), by.actor.LedgerName()); err != nil {
			return err
		}
		if err := insertRoles(ctx, tx, u.Name, roles); err != nil {
			return err
		}
		details := map[string]any{"display": u.Display, "officer": u.OfficerID, "roles": roles}
		if first {
			details["first"] = true
		}
		_, err := s.AppendEntry(ctx, tx, by.actor.LedgerName(), "user.add", "user:"+u.Name, details)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add user %s: %w", u.Name, err)
	}
	return nil
}

func insertRoles(ctx context.Context, tx *sql.Tx, name string, roles []Role) error {
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles(user, role) VALUES (?, ?)`, name, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// Users lists every account, disabled ones too, by name.
func (sess *Session) Users(ctx context.Context) ([]User, error) {
	if err := sess.Check(ctx, ActUserList, ""); err != nil {
		return nil, err
	}
	out, err := sess.st.Users(ctx, "")
	if err != nil {
		return nil, err
	}
	if _, err := sess.Log(ctx, "user.list", "", map[string]any{"results": len(out)}); err != nil {
		return nil, fmt.Errorf("store: record user list: %w", err)
	}
	return out, nil
}

// Users reads accounts; name "" reads all.
func (s *Store) Users(ctx context.Context, name string) ([]User, error) {
	q := `SELECT name, display, officer_id, disabled, locked_until, created_at, created_by,
		coalesce((SELECT group_concat(role) FROM user_roles r WHERE r.user = u.name), '') FROM users u`
	var args []any
	if name != "" {
		q += ` WHERE name = ?`
		args = append(args, name)
	}
	rows, err := s.read.QueryContext(ctx, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var locked, created int64
		var roles string
		if err := rows.Scan(&u.Name, &u.Display, &u.OfficerID, &u.Disabled, &locked, &created, &u.CreatedBy, &roles); err != nil {
			return nil, fmt.Errorf("store: read users: %w", err)
		}
		if locked > UnixMS(s.Now()) {
			u.LockedUntil = FromMS(locked)
		}
		u.CreatedAt = FromMS(created)
		u.Roles = SortRoles(roles)
		out = append(out, u)
	}
	return out, rows.Err()
}

// SortRoles turns group_concat's text into roles in UserRoles order.
func SortRoles(list string) []Role {
	have := strings.Split(list, ",")
	var out []Role
	for _, r := range UserRoles {
		if slices.Contains(have, string(r)) {
			out = append(out, r)
		}
	}
	return out
}

// DisableUser stops an account from logging in. The account, its requests
// and its ledger history stay.
func (sess *Session) DisableUser(ctx context.Context, name, reason string) error {
	return sess.setDisabled(ctx, ActUserDisable, name, true, reason)
}

// EnableUser lets a disabled account log in again.
func (sess *Session) EnableUser(ctx context.Context, name, reason string) error {
	return sess.setDisabled(ctx, ActUserEnable, name, false, reason)
}

func (sess *Session) setDisabled(ctx context.Context, action Action, name string, disabled bool, reason string) error {
	if err := sess.Check(ctx, action, "user:"+name); err != nil {
		return err
	}
	err := sess.st.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE name = ?`, disabled, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoUser
		}
		if err := requireAdmin(ctx, tx); err != nil {
			return err
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), string(action), "user:"+name, map[string]any{"reason": reason})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", action, name, err)
	}
	return nil
}

// SetRoles replaces the roles of an account.
func (sess *Session) SetRoles(ctx context.Context, name string, roles []Role) error {
	if err := sess.Check(ctx, ActUserRoles, "user:"+name); err != nil {
		return err
	}
	roles, err := checkRoles(roles)
	if err != nil {
		return fmt.Errorf("store: set roles of %s: %w", name, err)
	}
	err = sess.st.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNoUser
		}
		var was int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM user_roles WHERE user = ? AND role = 'service'`, name).Scan(&was); err != nil {
			return err
		}
		if (was > 0) != isService(roles) {
			return fmt.Errorf("%w: a person's account cannot become the service account, nor the service account a person's", ErrInvalidUser)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user = ?`, name); err != nil {
			return err
		}
		if err := insertRoles(ctx, tx, name, roles); err != nil {
			return err
		}
		if err := requireAdmin(ctx, tx); err != nil {
			return err
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), "user.roles", "user:"+name, map[string]any{"roles": roles})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set roles of %s: %w", name, err)
	}
	return nil
}

// requireAdmin fails when no enabled administrator is left.
func requireAdmin(ctx context.Context, tx *sql.Tx) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users u JOIN user_roles r ON r.user = u.name
		WHERE r.role = 'admin' AND u.disabled = 0`).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return nil
}

// ChangePassword sets the password of name. Users change their own, giving
// the old one; an administrator resets another's without it, which also
// lifts a lockout.
func (sess *Session) ChangePassword(ctx context.Context, name, oldPassword, newPassword string) error {
	own := name == sess.actor.Name
	action := ActUserPassword
	if !own {
		action = ActUserPasswordReset
	}
	if err := sess.Check(ctx, action, "user:"+name); err != nil {
		return err
	}
	hash, err := hashPassword(newPassword)
	if err != nil {
		return fmt.Errorf("store: change password of %s: %w", name, err)
	}
	err = sess.st.Tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT password FROM users WHERE name = ?`, name).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoUser
		}
		if err != nil {
			return err
		}
		if own {
			ok, err := checkPassword(old, oldPassword)
			if err != nil {
				return err
			}
			if !ok {
				return ErrBadPassword
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password = ?, failures = 0, locked_until = 0 WHERE name = ?`, hash, name); err != nil {
			return err
		}
		_, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), string(action), "user:"+name, nil)
		return err
	})
	if errors.Is(err, ErrBadPassword) {
		sess.Log(ctx, "user.password.failed", "user:"+name, map[string]any{"reason": "wrong old password"})
	}
	if err != nil {
		return fmt.Errorf("store: change password of %s: %w", name, err)
	}
	return nil
}
