package store

import (
	"fmt"
	"slices"
	"strings"
)

// NotPermitted says why an actor may not take an action: the permission
// table (permitted, actions.go) gives it to roles the actor does not hold.
// Faces show it beside a disabled button, so that nobody has to guess who
// may do what; it is the same decision Session.May and every refusal make.
type NotPermitted struct {
	Action Action
	// Need are the roles of a person that may take the action, in the
	// order of UserRoles; empty when no person may (only the program's
	// own accounts, or nobody).
	Need []Role
	// Have are the actor's roles.
	Have []Role
}

// Error says the refusal in a line, for logs; faces use the fields.
func (e *NotPermitted) Error() string {
	if len(e.Need) == 0 {
		return fmt.Sprintf("%s is taken by the workstation only", e.Action)
	}
	need := make([]string, len(e.Need))
	for i, r := range e.Need {
		need[i] = string(r)
	}
	return fmt.Sprintf("%s needs one of the roles %s", e.Action, strings.Join(need, ", "))
}

// Unwrap makes the refusal an ErrRefused.
func (e *NotPermitted) Unwrap() error { return ErrRefused }

// AllowedRoles are the roles of a person allowed to take action, in the
// order of UserRoles. The program's own accounts (the workstation and the
// service account) are left out: no person can be given them.
func AllowedRoles(action Action) []Role {
	var out []Role
	for _, r := range UserRoles {
		if r != RoleService && slices.Contains(permitted[action], r) {
			out = append(out, r)
		}
	}
	return out
}

// WhyNot returns nil when the session's actor may take action (as May
// says), else why not: the roles that would allow it.
func (sess *Session) WhyNot(action Action) *NotPermitted {
	if sess.May(action) {
		return nil
	}
	return &NotPermitted{Action: action, Need: AllowedRoles(action), Have: slices.Clone(sess.actor.Roles)}
}
