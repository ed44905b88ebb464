package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestInitAdminOnlyOnce(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	if has, err := st.HasUsers(ctx); err != nil || has {
		t.Fatalf("new store has users: %v %v", has, err)
	}
	if _, err := st.InitAdmin(ctx, "root", "", "short"); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("weak password: %v", err)
	}
	if _, err := st.InitAdmin(ctx, "root", "管理员", testPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := st.InitAdmin(ctx, "root2", "", testPassword); !errors.Is(err, ErrSetUp) {
		t.Fatalf("second InitAdmin: %v", err)
	}
	if has, _ := st.HasUsers(ctx); !has {
		t.Fatal("no users after InitAdmin")
	}
	sess, err := st.Login(ctx, "root", testPassword)
	if err != nil || !sess.Actor().Has(RoleAdmin) {
		t.Fatalf("login: %v %v", sess, err)
	}
	var hash string
	st.read.QueryRow(`SELECT password FROM users WHERE name = 'root'`).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=") || strings.Contains(hash, testPassword) {
		t.Fatalf("stored hash %q", hash)
	}
	// The parameters travel with the hash.
	SetPasswordCost(128, 2, 2)
	defer SetPasswordCost(64, 1, 1) // the tests' cheap cost (see access_test.go)
	if _, err := st.Login(ctx, "root", testPassword); err != nil {
		t.Fatalf("login after a cost change: %v", err)
	}
}

func TestLockout(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	before := ledgerSize(t, fx.st)
	for i := 1; i < MaxFailures; i++ {
		if _, err := fx.st.Login(ctx, "o2", "wrong"); !errors.Is(err, ErrBadPassword) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, err := fx.st.Login(ctx, "o2", "wrong"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("failure %d: %v, want the same answer", MaxFailures, err)
	}
	// Locked: even the right password gets the answer an unknown name gets.
	_, lockedErr := fx.st.Login(ctx, "o2", testPassword)
	_, unknownErr := fx.st.Login(ctx, "nobody-"+fx.clock.t.Format("150405"), testPassword)
	if !errors.Is(lockedErr, ErrBadPassword) || strings.ReplaceAll(lockedErr.Error(), "o2", "X") != strings.ReplaceAll(unknownErr.Error(), "nobody-"+fx.clock.t.Format("150405"), "X") {
		t.Fatalf("right password while locked: %v; unknown user: %v — they must read the same", lockedErr, unknownErr)
	}
	count := map[string]int{}
	for _, e := range entriesSince(t, fx.st, before) {
		if e.Subject == "user:o2" {
			count[e.Action]++
		}
	}
	if count["login.failed"] != MaxFailures || count["user.locked"] != 1 || count["login.locked"] != 1 || count["login"] != 0 {
		t.Fatalf("ledger entries %v", count)
	}
	fx.clock.advance(LockDuration - time.Second)
	if _, err := fx.st.Login(ctx, "o2", testPassword); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("a second before the end: %v", err)
	}
	fx.clock.advance(time.Second)
	if _, err := fx.st.Login(ctx, "o2", testPassword); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// The count starts again after a success.
	for i := 1; i < MaxFailures; i++ {
		if _, err := fx.st.Login(ctx, "o2", "wrong"); !errors.Is(err, ErrBadPassword) {
			t.Fatalf("failure %d after unlock: %v", i, err)
		}
	}
	if _, err := fx.st.Login(ctx, "o2", testPassword); err != nil {
		t.Fatalf("the right password on the last guess: %v", err)
	}
	// Unknown names fail like wrong passwords, and are logged.
	before = ledgerSize(t, fx.st)
	if _, err := fx.st.Login(ctx, "nobody", "x"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("unknown user: %v", err)
	}
	if !hasEntry(entriesSince(t, fx.st, before), "workstation", "login.failed") {
		t.Fatal("unknown user's attempt not in the ledger")
	}
}

func TestDisabledUserKeepsHistory(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	req, err := fx.o2.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeCase, Reason: "before leaving"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.root.DisableUser(ctx, "o2", "transferred"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.Login(ctx, "o2", testPassword); !errors.Is(err, ErrDisabled) {
		t.Fatalf("disabled login: %v", err)
	}
	if _, err := fx.st.Login(ctx, "o2", "wrong"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("disabled, wrong password: %v", err)
	}
	users, err := fx.root.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range users {
		if u.Name == "o2" {
			found = u.Disabled && u.OfficerID == "1002"
		}
	}
	if !found {
		t.Fatal("disabled user missing from the list")
	}
	if got, _ := fx.keep.Requests(ctx, RequestFilter{ID: req.ID}); len(got) != 1 || got[0].Requester != "o2" {
		t.Fatalf("request of the disabled user: %+v", got)
	}
	if e, _ := fx.st.queryLedger(ctx, LedgerFilter{Actor: "user:o2"}); len(e) == 0 {
		t.Fatal("history of the disabled user is gone")
	}
	if err := fx.root.DisableUser(ctx, "r_admin", "x"); err != nil {
		t.Fatal(err)
	}
	if err := fx.root.DisableUser(ctx, "root", "x"); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("disabling the last administrator: %v", err)
	}
	if err := fx.root.EnableUser(ctx, "o2", "back"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.Login(ctx, "o2", testPassword); err != nil {
		t.Fatalf("re-enabled login: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	if err := fx.o2.ChangePassword(ctx, "o2", "wrong old", "new password"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("wrong old password: %v", err)
	}
	if err := fx.o2.ChangePassword(ctx, "o2", testPassword, "short"); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("weak new password: %v", err)
	}
	if err := fx.o2.ChangePassword(ctx, "o2", testPassword, "new password"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.Login(ctx, "o2", testPassword); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("old password still works: %v", err)
	}
	if _, err := fx.st.Login(ctx, "o2", "new password"); err != nil {
		t.Fatal(err)
	}
	if err := fx.o2.ChangePassword(ctx, "boss", "", "taken over"); !errors.Is(err, ErrRefused) {
		t.Fatalf("officer reset another's password: %v", err)
	}
	if err := fx.root.ChangePassword(ctx, "o2", "", "reset password"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.Login(ctx, "o2", "reset password"); err != nil {
		t.Fatal(err)
	}
}

// Quotes, SQL and control characters in every text field are stored as
// given and do nothing else.
func TestHostileTextInAccessRecords(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	hostile := "x'); DROP TABLE users; --\"\x00\x1b[31m\r\n张三"
	name := `o'brien";--`
	if err := fx.root.AddUser(ctx, NewUser{Name: name, Display: hostile, Roles: []Role{RoleOfficer}, Password: hostile}); err != nil {
		t.Fatal(err)
	}
	if err := fx.root.AddUser(ctx, NewUser{Name: "a b", Roles: []Role{RoleOfficer}, Password: testPassword}); !errors.Is(err, ErrInvalidUser) {
		t.Fatalf("name with a space: %v", err)
	}
	sess, err := fx.st.Login(ctx, name, hostile)
	if err != nil {
		t.Fatal(err)
	}
	req, err := sess.RequestView(ctx, ViewRequest{Recordings: []string{fx.rec.ID}, Purpose: PurposeReview, Reason: hostile})
	if err != nil {
		t.Fatal(err)
	}
	if req, err = fx.boss.Decide(ctx, req.ID, Decision{Approve: true, Note: hostile}); err != nil || req.Reason != hostile || req.Note != hostile {
		t.Fatalf("request %+v %v", req, err)
	}
	if _, err := fx.keep.RegisterViewing(ctx, ViewingEntry{RequestID: req.ID, RecordingID: fx.rec.ID, Viewer: hostile, Reason: hostile}); err != nil {
		t.Fatal(err)
	}
	reg, err := fx.keep.Register(ctx, RegisterFilter{})
	if err != nil || len(reg) != 1 || reg[0].Viewer != hostile || reg[0].Reason != hostile {
		t.Fatalf("register %+v %v", reg, err)
	}
	if err := fx.keep.Classify(ctx, fx.rec.ID, Privacy, hostile); err != nil {
		t.Fatal(err)
	}
	users, err := fx.root.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, u := range users {
		ok = ok || (u.Name == name && u.Display == hostile)
	}
	if !ok {
		t.Fatal("hostile display name not stored verbatim")
	}
	if p := verifyProblems(t, fx.st); len(p) != 0 {
		t.Fatal(p)
	}
}

// Guessing in parallel gets no more guesses: 30 logins at once, each
// through its own connection to the data folder as separate processes
// would, check at most MaxFailures passwords, and the account is locked
// afterwards even for the right one.
func TestLockoutHoldsInParallel(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	before := ledgerSize(t, fx.st)
	const n = 30
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := range n {
		st, err := Open(fx.st.Dir())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		st.Now = fx.clock.now
		go func() {
			<-start
			_, err := st.Login(ctx, "o2", fmt.Sprintf("guess %d", i))
			errs <- err
		}()
	}
	close(start)
	for range n {
		if err := <-errs; !errors.Is(err, ErrBadPassword) {
			t.Fatalf("a guess: %v", err)
		}
	}
	checked := 0
	for _, e := range entriesSince(t, fx.st, before) {
		if e.Action == "login.failed" && strings.Contains(string(e.Details), "wrong password") {
			checked++
		}
	}
	if checked > MaxFailures {
		t.Fatalf("%d passwords were checked in parallel, want at most %d", checked, MaxFailures)
	}
	if _, err := fx.st.Login(ctx, "o2", testPassword); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("the right password after %d parallel guesses: %v, want the account locked", n, err)
	}
}
