package store

import (
	"errors"
	"slices"
	"testing"
)

// WhyNot agrees with May for every action and role, and names exactly the
// roles of a person the permission table allows.
func TestWhyNotFollowsThePermissionTable(t *testing.T) {
	fx := newFixture(t)
	for _, action := range Actions() {
		roles := PermittedRoles(action)
		for _, r := range UserRoles {
			if r == RoleService {
				continue
			}
			sess := fx.as[r]
			why := sess.WhyNot(action)
			if (why == nil) != sess.May(action) {
				t.Fatalf("%s as %s: WhyNot %v, May %v", action, r, why, sess.May(action))
			}
			if why == nil {
				continue
			}
			if !errors.Is(why, ErrRefused) {
				t.Errorf("%s as %s: the reason is not a refusal", action, r)
			}
			for _, need := range why.Need {
				if !slices.Contains(roles, need) || need == RoleService || need == RoleWorkstation {
					t.Errorf("%s as %s: names %s, which the table does not allow", action, r, need)
				}
			}
			for _, allowed := range roles {
				if allowed != RoleService && allowed != RoleWorkstation && !slices.Contains(why.Need, allowed) {
					t.Errorf("%s as %s: leaves out %s", action, r, allowed)
				}
			}
			if !slices.Equal(why.Have, []Role{r}) {
				t.Errorf("%s as %s: have %v", action, r, why.Have)
			}
		}
	}
	// The approval of a viewing is the legal office's or a leader's (Art. 16).
	why := fx.as[RoleOfficer].WhyNot(ActRequestDecide)
	if why == nil || !slices.Equal(why.Need, []Role{RoleLegal, RoleLeader}) {
		t.Fatalf("officer deciding a request: %+v", why)
	}
	// Wiping a recorder is the program's own work: no person may.
	if why := fx.as[RoleAdmin].WhyNot(ActRecorderWipe); why == nil || len(why.Need) != 0 {
		t.Fatalf("admin wiping: %+v", why)
	}
}
