package store

// SessionAs is a session for a with no store behind it, for the permission
// table's checks of May alone.
func SessionAs(a Actor) *Session { return &Session{actor: a} }
