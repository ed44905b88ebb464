package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"evidock/internal/storetest"

	"golang.org/x/mod/sumdb/note"

	"evidock/internal/s3test"
	"evidock/ledger/checkpoint"
)

// envCLI runs the command line with an environment of its own.
type envCLI struct {
	t    *testing.T
	data string
	env  map[string]string
}

func (c envCLI) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return c.env[k] }}
	code := m.Run(context.Background(), append([]string{"--data", c.data}, args...))
	return code, out.String(), errOut.String()
}

func (c envCLI) ok(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != ExitOK {
		c.t.Fatalf("evidock %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func (c envCLI) importClips(names ...string) {
	c.t.Helper()
	src := c.t.TempDir()
	for _, n := range names {
		os.WriteFile(filepath.Join(src, n), []byte("recording "+n+" "+c.data), 0o644)
	}
	c.ok("import", "--device", "D1", "--officer", "1001", src)
}

// TestCheckpointCommands: a checkpoint written now verifies against the
// ledger that wrote it; a copy of the data folder from before (rolled
// back) and a copy that went on with other entries (forked) are found,
// with different words, exit 1.
func TestCheckpointCommands(t *testing.T) {
	c := envCLI{t: t, data: filepath.Join(t.TempDir(), "data")}
	c.importClips("A0001.MP4")
	keys := strings.Split(strings.TrimSpace(c.ok("checkpoint", "--verifier")), "\n")
	if len(keys) != 2 || !strings.Contains(keys[1], "/sm2+") {
		t.Fatalf("checkpoint --verifier:\n%s", strings.Join(keys, "\n"))
	}
	ed, err := note.NewVerifier(keys[0])
	if err != nil {
		t.Fatalf("the first verifier key is not an Ed25519 note key: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(c.data, "keys", checkpoint.Ed25519KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private key: %v %v", fi, err)
	}
	early := filepath.Join(t.TempDir(), "early")
	storetest.CopyFolder(t, c.data, early)
	c.importClips("B0001.MP4", "B0002.MP4")

	cp := filepath.Join(t.TempDir(), "cp.txt")
	if out := c.ok("checkpoint", "--out", cp); !strings.Contains(out, "检查点已写入") {
		t.Fatalf("checkpoint --out: %s", out)
	}
	msg, _ := os.ReadFile(cp)
	if _, err := note.Open(msg, note.VerifierList(ed)); err != nil {
		t.Fatalf("x/mod note.Open of the checkpoint: %v\n%s", err, msg)
	}
	if out := c.ok("checkpoint"); !strings.HasPrefix(out, ed.Name()+"\n") {
		t.Errorf("checkpoint to standard output:\n%s", out)
	}
	c.importClips("C0001.MP4")
	if out := c.ok("verify", "--checkpoint", cp); !strings.Contains(out, "OK") {
		t.Errorf("verify --checkpoint of its own checkpoint: %s", out)
	}

	rolledBack := envCLI{t: t, data: early}
	code, out, _ := rolledBack.run("verify", "--checkpoint", cp)
	if code != ExitProblems || !strings.Contains(out, "回滚") || strings.Contains(out, "分叉") {
		t.Errorf("rolled back: exit %d\n%s", code, out)
	}
	forked := envCLI{t: t, data: filepath.Join(t.TempDir(), "forked")}
	storetest.CopyFolder(t, early, forked.data)
	forked.importClips("X0001.MP4", "X0002.MP4", "X0003.MP4", "X0004.MP4")
	code, out, _ = forked.run("verify", "--checkpoint", cp, "--json")
	var res struct {
		OK          bool
		Checkpoints []struct{ Problem, Message string }
	}
	json.Unmarshal([]byte(out), &res)
	if code != ExitProblems || res.OK || len(res.Checkpoints) != 1 || res.Checkpoints[0].Problem != "fork" || !strings.Contains(res.Checkpoints[0].Message, "分叉") {
		t.Errorf("forked: exit %d\n%s", code, out)
	}
	// Another workstation's checkpoint, and a missing file.
	other := envCLI{t: t, data: filepath.Join(t.TempDir(), "other")}
	other.importClips("O.MP4")
	code, out, _ = other.run("verify", "--checkpoint", cp)
	if code != ExitProblems || !strings.Contains(out, "签名无效") {
		t.Errorf("another workstation: exit %d %s", code, out)
	}
	if code, _, _ := c.run("verify", "--checkpoint", filepath.Join(t.TempDir(), "none")); code != ExitUsage {
		t.Errorf("a missing checkpoint file: exit %d", code)
	}
	if code, out, _ := c.run("checkpoint", "--help"); code != ExitOK || !strings.Contains(out, "--verifier") {
		t.Errorf("checkpoint --help: %d %s", code, out)
	}
}

// TestReplicateCommands runs replicate, verify --endpoint and restore
// --endpoint against a real S3 server, as a user would.
func TestReplicateCommands(t *testing.T) {
	srv := s3test.Start(t)
	env := map[string]string{"AWS_ACCESS_KEY_ID": s3test.AccessKey, "AWS_SECRET_ACCESS_KEY": s3test.SecretKey}
	c := envCLI{t: t, data: filepath.Join(t.TempDir(), "data"), env: env}
	c.importClips("A0001.MP4", "A0002.MP4")
	bucket := []string{"--endpoint", srv.Endpoint, "--bucket", "bureau"}
	if code, _, errOut := (envCLI{t: t, data: c.data}).run(append([]string{"replicate"}, bucket...)...); code != ExitUsage || !strings.Contains(errOut, "AWS_ACCESS_KEY_ID") {
		t.Errorf("replicate without credentials: %d %s", code, errOut)
	}
	if code, _, _ := c.run("replicate"); code != ExitUsage {
		t.Errorf("replicate without a bucket: %d", code)
	}
	out := c.ok(append([]string{"replicate"}, bucket...)...)
	if !strings.Contains(out, "2 个录像（发送 2 个") {
		t.Errorf("replicate:\n%s", out)
	}
	var rep struct {
		Uploaded, Present int
		OK                bool
	}
	json.Unmarshal([]byte(c.ok(append([]string{"replicate", "--json"}, bucket...)...)), &rep)
	if !rep.OK || rep.Uploaded != 0 || rep.Present != 2 {
		t.Errorf("second replicate --json: %+v", rep)
	}
	if out := c.ok(append([]string{"verify"}, bucket...)...); !strings.Contains(out, "存储桶完好：2 个录像") {
		t.Errorf("verify --endpoint:\n%s", out)
	}

	// Restore from the bucket, with the keys the bureau keeps.
	vkeys := filepath.Join(t.TempDir(), "verifiers.txt")
	os.WriteFile(vkeys, []byte(c.ok("checkpoint", "--verifier")), 0o644)
	restored := envCLI{t: t, data: filepath.Join(t.TempDir(), "restored"), env: env}
	if out := restored.ok(append([]string{"restore", "--verifier", vkeys}, bucket...)...); !strings.Contains(out, "录像 2 个") {
		t.Errorf("restore --endpoint:\n%s", out)
	}
	if out := restored.ok("verify"); !strings.Contains(out, "完好") {
		t.Errorf("verify of the restored folder:\n%s", out)
	}

	// A changed object is named, exit 1.
	var recs []struct{ SHA256 string }
	json.Unmarshal([]byte(c.ok("recordings", "--json")), &recs)
	key := "archive/sha256/" + recs[0].SHA256
	path := filepath.Join(srv.Data, "bureau", filepath.FromSlash(key))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[0] ^= 1
	os.WriteFile(path, b, 0o644)
	code, out, _ := c.run(append([]string{"verify"}, bucket...)...)
	if code != ExitProblems || !strings.Contains(out, key+": content changed") {
		t.Errorf("verify --endpoint of a changed object: exit %d\n%s", code, out)
	}
	if out := c.ok("replicate", "--status"); !strings.Contains(out, "没有设置复制存储桶") {
		t.Errorf("replicate --status: %s", out)
	}
}

// TestReportCarriesCheckpoint: the supervisor's report is written with a
// signed checkpoint beside it, and the PDF prints it in every page's foot.
func TestReportCarriesCheckpoint(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	c := testCLI{t: t, data: t.TempDir()}
	c.run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root")
	c.ok("root", "admin password", "user", "add", "sup", "--roles", "supervisor")
	out := filepath.Join(t.TempDir(), "r.pdf")
	if o := c.ok("sup", "initial password", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--out", out); !strings.Contains(o, "r.pdf.checkpoint") {
		t.Errorf("report: %s", o)
	}
	msg, err := os.ReadFile(out + ".checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	cp, err := checkpoint.Body(msg)
	if err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "账本检查点") || !strings.Contains(string(text), cp.Origin) ||
		!strings.Contains(string(text), base64.StdEncoding.EncodeToString(cp.Root[:])) {
		t.Errorf("the PDF's footer lacks the checkpoint %+v:\n%s", cp, text)
	}
	if o := c.ok("", "", "verify", "--checkpoint", out+".checkpoint"); !strings.Contains(o, "OK") {
		t.Errorf("verify --checkpoint of the report's: %s", o)
	}
}
