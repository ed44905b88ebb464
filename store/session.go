package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Role is what a user may do, in the regulation's words.
type Role string

// The roles of the regulation, and the workstation's own.
const (
	RoleOfficer     Role = "officer"     // 执法人员
	RoleCustodian   Role = "custodian"   // 保管人
	RoleLegal       Role = "legal"       // 法制办公室
	RoleLeader      Role = "leader"      // 主管领导
	RoleSupervisor  Role = "supervisor"  // 督查
	RoleAdmin       Role = "admin"       // 管理员
	RoleService     Role = "service"     // 服务账户: the account the docking service (watch, the window with nobody logged in) acts as
	RoleWorkstation Role = "workstation" // the program itself, before the data folder has users
)

// Actor is who acts through a Session.
type Actor struct {
	Name  string // user name, or "workstation"
	Roles []Role

	setup bool // the set-up session of a folder without users (see Store.Setup)
}

// Has reports whether the actor holds any of roles.
func (a Actor) Has(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(a.Roles, r) {
			return true
		}
	}
	return false
}

// SettingUp reports whether this is the set-up session of a folder
// without users (see Store.Setup).
func (a Actor) SettingUp() bool { return a.setup }

// LedgerName is how the actor appears in the ledger.
func (a Actor) LedgerName() string {
	if a.Has(RoleWorkstation) {
		return "workstation"
	}
	if a.Name == "setup" && a.setup {
		return "setup"
	}
	return "user:" + a.Name
}

// Session is the one way to act on the store: bound to an actor, it checks
// the actor's roles and writes each action's ledger entry in the same
// transaction as the change. Refused attempts are ledger entries too.
type Session struct {
	st     *Store
	actor  Actor
	behalf string // answering officers' questions on their behalf, for this reason (see OnBehalf)
}

// Workstation is the session of the program itself, used for unattended
// docking on behalf of the recorder's officer.
func (s *Store) Workstation() *Session {
	return &Session{st: s, actor: Actor{Name: "workstation", Roles: []Role{RoleWorkstation}}}
}

// Actor is who this session acts as.
func (sess *Session) Actor() Actor { return sess.actor }

// Behalf is the reason this session answers officers' questions on their
// behalf, or "" (see OnBehalf).
func (sess *Session) Behalf() string { return sess.behalf }

// Store is the store this session acts on.
func (sess *Session) Store() *Store { return sess.st }

// ErrRefused means the actor may not do what was asked. The refusal is in
// the ledger.
var ErrRefused = errors.New("not permitted")

// May reports whether the session's actor may take action.
func (sess *Session) May(action Action) bool {
	return sess.actor.Has(permitted[action]...)
}

// Check returns nil when the actor may take action; otherwise it writes a
// Refusal entry and returns ErrRefused.
func (sess *Session) Check(ctx context.Context, action Action, subject string) error {
	actor, err := sess.current(ctx)
	if err != nil {
		return fmt.Errorf("store: %s: %w", action, err)
	}
	if actor.Has(permitted[action]...) {
		return nil
	}
	err = sess.st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), "refused", subject,
			map[string]any{"attempted": action, "roles": actor.Roles})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %s: record refusal: %w", action, err)
	}
	return fmt.Errorf("store: %s by %s: %w", action, sess.actor.Name, ErrRefused)
}

// current is the actor as the store knows it now: a user disabled or given
// other roles since logging in acts with what they have now, and the set-up
// session has no powers once a user exists.
func (sess *Session) current(ctx context.Context) (Actor, error) {
	a := sess.actor
	switch {
	case a.Has(RoleWorkstation):
		return a, nil
	case a.setup:
		has, err := sess.st.HasUsers(ctx)
		if err != nil {
			return a, err
		}
		if has {
			a.Roles = nil
		}
		return a, nil
	}
	var disabled bool
	err := sess.st.read.QueryRowContext(ctx, `SELECT disabled FROM users WHERE name = ?`, a.Name).Scan(&disabled)
	if errors.Is(err, sql.ErrNoRows) || disabled {
		a.Roles = nil
		return a, nil
	}
	if err != nil {
		return a, fmt.Errorf("read roles of %s: %w", a.Name, err)
	}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT role FROM user_roles WHERE user = ?`, a.Name)
	if err != nil {
		return a, fmt.Errorf("read roles of %s: %w", a.Name, err)
	}
	defer rows.Close()
	a.Roles = nil
	for rows.Next() {
		var r Role
		if err := rows.Scan(&r); err != nil {
			return a, err
		}
		a.Roles = append(a.Roles, r)
	}
	return a, rows.Err()
}

// Log writes one ledger entry in its own transaction.
func (sess *Session) Log(ctx context.Context, action, subject string, details any) (int64, error) {
	var seq int64
	err := sess.st.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		seq, err = sess.st.AppendEntry(ctx, tx, sess.actor.LedgerName(), action, subject, details)
		return err
	})
	return seq, err
}

// OnBehalf returns a session that answers officers' follow-up questions on
// their behalf, as a supervisor or leader may, giving reason.
func (sess *Session) OnBehalf(reason string) *Session {
	c := *sess
	c.behalf = strings.TrimSpace(reason)
	return &c
}
