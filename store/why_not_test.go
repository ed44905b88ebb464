package store_test

import (
	"errors"
	"slices"
	"testing"

	"evidock/internal/storetest"
	"evidock/store"
)

// WhyNot agrees with May for every action and role, and names exactly the
// roles of a person the permission table allows.
func TestWhyNotFollowsThePermissionTable(t *testing.T) {
	fx := storetest.New(t)
	for _, action := range store.Actions() {
		roles := store.PermittedRoles(action)
		for _, r := range store.UserRoles {
			if r == store.RoleService {
				continue
			}
			sess := fx.As[r]
			why := sess.WhyNot(action)
			if (why == nil) != sess.May(action) {
				t.Fatalf("%s as %s: WhyNot %v, May %v", action, r, why, sess.May(action))
			}
			if why == nil {
				continue
			}
			if !errors.Is(why, store.ErrRefused) {
				t.Errorf("%s as %s: the reason is not a refusal", action, r)
			}
			for _, need := range why.Need {
				if !slices.Contains(roles, need) || need == store.RoleService || need == store.RoleWorkstation {
					t.Errorf("%s as %s: names %s, which the table does not allow", action, r, need)
				}
			}
			for _, allowed := range roles {
				if allowed != store.RoleService && allowed != store.RoleWorkstation && !slices.Contains(why.Need, allowed) {
					t.Errorf("%s as %s: leaves out %s", action, r, allowed)
				}
			}
			if !slices.Equal(why.Have, []store.Role{r}) {
				t.Errorf("%s as %s: have %v", action, r, why.Have)
			}
		}
	}
	// The approval of a viewing is the legal office's or a leader's (Art. 16).
	why := fx.As[store.RoleOfficer].WhyNot(store.ActRequestDecide)
	if why == nil || !slices.Equal(why.Need, []store.Role{store.RoleLegal, store.RoleLeader}) {
		t.Fatalf("officer deciding a request: %+v", why)
	}
	// Wiping a recorder is the program's own work: no person may.
	if why := fx.As[store.RoleAdmin].WhyNot(store.ActRecorderWipe); why == nil || len(why.Need) != 0 {
		t.Fatalf("admin wiping: %+v", why)
	}
}
