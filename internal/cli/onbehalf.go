package cli

import (
	"evidock/store"
)

// OnBehalf is the --on-behalf flag of the commands that answer an
// officer's follow-up questions: the officer answers their own; a
// supervisor or leader answers for them only with this reason.
type OnBehalf struct{ reason *string }

// OnBehalfFlag declares --on-behalf on f.
func OnBehalfFlag(f *Flags) OnBehalf {
	return OnBehalf{f.String("on-behalf", "", "flag.on_behalf")}
}

// Session is sess, acting on the officer's behalf when --on-behalf gave a
// reason.
func (o OnBehalf) Session(sess *store.Session) *store.Session {
	if *o.reason == "" {
		return sess
	}
	return sess.OnBehalf(*o.reason)
}
