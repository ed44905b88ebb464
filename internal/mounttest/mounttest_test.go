package mounttest

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestTmpfs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "with space", "vol")
	Tmpfs(t, dir, "4m")
	if !IsMounted(dir) {
		t.Fatalf("%s not in mountinfo after Tmpfs", dir)
	}
	if err := os.WriteFile(filepath.Join(dir, "a"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Umount(dir); err != nil {
		t.Fatal(err)
	}
	if IsMounted(dir) {
		t.Fatalf("%s still mounted", dir)
	}
	if err := Umount(dir); err != nil {
		t.Fatalf("second Umount: %v", err)
	}
}

func TestFATChineseNames(t *testing.T) {
	img := FATImage(t, 40, "REC01")
	mtime := time.Date(2026, 3, 4, 5, 6, 8, 0, time.Local)
	FATPut(t, img, "DCIM/录像/执法记录仪_0001.MP4", []byte("video"), mtime)
	FATPut(t, img, "测试.txt", []byte("hello"), time.Time{})

	dir := filepath.Join(t.TempDir(), "mnt")
	m := MountFAT(t, img, dir)
	got, err := os.ReadFile(filepath.Join(dir, "DCIM", "录像", "执法记录仪_0001.MP4"))
	if err != nil {
		t.Fatalf("read Chinese name through fusefat: %v\n%s", err, m.Output())
	}
	if string(got) != "video" {
		t.Fatalf("content = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "测试.txt")); err != nil {
		t.Fatalf("stat: %v", err)
	}
	if err := m.Unmount(); err != nil {
		t.Fatal(err)
	}
	if IsMounted(dir) {
		t.Fatal("still mounted after Unmount")
	}
}

func TestFuseKill(t *testing.T) {
	img := FATImage(t, 33, "REC02")
	dir := filepath.Join(t.TempDir(), "mnt")
	m := MountFAT(t, img, dir)
	if _, err := os.Stat(dir); err != nil { // fills the attribute cache
		t.Fatal(err)
	}
	m.Kill()
	if _, err := os.ReadDir(dir); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("listing after kill = %v, want ENOTCONN", err)
	}
	time.Sleep(1100 * time.Millisecond) // attr_timeout: 1 s
	if _, err := os.Stat(dir); !errors.Is(err, syscall.ENOTCONN) {
		t.Fatalf("stat after kill = %v, want ENOTCONN once cached attributes expire", err)
	}
	if !IsMounted(dir) {
		t.Fatal("a killed fusefat should leave its mount in mountinfo")
	}
	if err := m.Unmount(); err != nil {
		t.Fatal(err)
	}
	if IsMounted(dir) {
		t.Fatal("still mounted after Unmount")
	}
}
