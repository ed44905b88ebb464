package store

import (
	"context"
	"fmt"
)

// Setup is the session of a data folder that has no users yet: before
// `init` creates the first administrator, whoever holds the folder may
// register officers and recorders and answer follow-up questions, exactly
// As they could create that administrator. Its entries name the actor
// "setup". Once any user exists it is refused (ErrSetUp).
func (s *Store) Setup(ctx context.Context) (*Session, error) {
	has, err := s.HasUsers(ctx)
	if err != nil {
		return nil, err
	}
	if has {
		return nil, fmt.Errorf("store: the data folder is set up; log in: %w", ErrSetUp)
	}
	return &Session{st: s, actor: Actor{Name: "setup", Roles: []Role{RoleAdmin, RoleCustodian}, setup: true}}, nil
}
