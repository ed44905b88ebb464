package followups_test

import (
	"slices"
	"testing"

	"evidock/access"
	"evidock/followups"
	"evidock/regulation"
	"evidock/store"
)

// The store's keys for roles, secrecy levels and purposes are the keys of
// the regulation's word lists, so every face shows them in its words.
func TestKeysHaveTheRegulationsWords(t *testing.T) {
	var roles, levels, purposes []string
	for _, r := range append(slices.Clone(store.UserRoles), store.RoleWorkstation) {
		roles = append(roles, string(r))
	}
	for _, c := range store.Classifications {
		levels = append(levels, string(c))
	}
	for _, p := range access.Purposes {
		purposes = append(purposes, string(p))
	}
	for _, tc := range []struct {
		keys []string
		l    regulation.List
	}{
		{roles, regulation.Roles}, {levels, regulation.Classifications}, {purposes, regulation.Purposes},
		{followups.Categories, regulation.Categories}, {followups.InterruptionReasons, regulation.Interruptions},
		{followups.NotRecordedReasons, regulation.NotRecordedGrounds},
	} {
		if !slices.Equal(tc.keys, tc.l.Keys()) {
			t.Errorf("%s: store has %v, the regulation's list %v", tc.l.En, tc.keys, tc.l.Keys())
		}
	}
}
