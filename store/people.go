package store

import (
	"context"
	"fmt"
	"strings"
)

// Person is a user as the records name them: the login the ledger and the
// requests carry, and the name and officer number (警号/执法证号) people
// know each other by.
type Person struct {
	Login     string `json:"login"`
	Display   string `json:"display"`
	OfficerID string `json:"officer_id,omitempty"`
	// OfficerName is the registered officer's name, when the user is one.
	OfficerName string `json:"officer_name,omitempty"`
	Roles       []Role `json:"roles"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// People are everyone the records name, so that faces show names instead
// of logins and numbers: users by login, officers by number.
type People struct {
	Users    map[string]Person  `json:"users"`
	Officers map[string]Officer `json:"officers"`
}

// People reads the names of every user and registered officer. Anyone who
// may read the list of recorders and officers may read it; it is not a
// ledger entry (every screen asks it, as it asks the officers' list).
func (sess *Session) People(ctx context.Context) (People, error) {
	if err := sess.Check(ctx, ActDeviceRead, ""); err != nil {
		return People{}, err
	}
	p := People{Users: map[string]Person{}, Officers: map[string]Officer{}}
	rows, err := sess.st.read.QueryContext(ctx, `SELECT number, name, unit FROM officers`)
	if err != nil {
		return People{}, fmt.Errorf("store: people: %w", err)
	}
	for rows.Next() {
		var o Officer
		if err := rows.Scan(&o.Number, &o.Name, &o.Unit); err != nil {
			rows.Close()
			return People{}, fmt.Errorf("store: people: %w", err)
		}
		p.Officers[o.Number] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return People{}, fmt.Errorf("store: people: %w", err)
	}
	users, err := sess.st.Users(ctx, "")
	if err != nil {
		return People{}, err
	}
	for _, u := range users {
		pr := Person{Login: u.Name, Display: u.Display, OfficerID: u.OfficerID, Roles: u.Roles, Disabled: u.Disabled}
		if o, ok := p.Officers[u.OfficerID]; ok {
			pr.OfficerName = o.Name
		}
		p.Users[u.Name] = pr
	}
	return p, nil
}

// UserOf is the person behind an actor as the ledger writes it ("user:zhang"),
// As a request or register row writes it ("zhang"), and whether one is known.
// The program's own actors ("workstation", "setup") are no person.
func (p People) UserOf(actor string) (Person, bool) {
	u, ok := p.Users[strings.TrimPrefix(actor, "user:")]
	return u, ok
}
