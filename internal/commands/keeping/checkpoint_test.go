package keeping

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

	"evidock/internal/cli"
	"evidock/internal/storetest"

	"golang.org/x/mod/sumdb/note"

	"evidock/internal/s3test"
	"evidock/ledger/checkpoint"
)

// envCLI runs the command line with an environment of its own.
type envCLI struct {
	T    *testing.T
	Data string
	env  map[string]string
}

func (c envCLI) Run(args ...string) (int, string, string) {
	c.T.Helper()
	var out, errOut bytes.Buffer
	m := &cli.Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return c.env[k] }}
	code := m.Run(context.Background(), append([]string{"--data", c.Data}, args...))
	return code, out.String(), errOut.String()
}

func (c envCLI) OK(args ...string) string {
	c.T.Helper()
	code, out, errOut := c.Run(args...)
	if code != cli.ExitOK {
		c.T.Fatalf("evidock %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func (c envCLI) importClips(names ...string) {
	c.T.Helper()
	src := c.T.TempDir()
	for _, n := range names {
		os.WriteFile(filepath.Join(src, n), []byte("recording "+n+" "+c.Data), 0o644)
	}
	c.OK("import", "--device", "D1", "--officer", "1001", src)
}

// TestCheckpointCommands: a checkpoint written now verifies against the
// ledger that wrote it; a copy of the data folder from before (rolled
// back) and a copy that went on with other entries (forked) are found,
// with different words, exit 1.
func TestCheckpointCommands(t *testing.T) {
	c := envCLI{T: t, Data: filepath.Join(t.TempDir(), "data")}
	c.importClips("A0001.MP4")
	keys := strings.Split(strings.TrimSpace(c.OK("checkpoint", "--verifier")), "\n")
	if len(keys) != 2 || !strings.Contains(keys[1], "/sm2+") {
		t.Fatalf("checkpoint --verifier:\n%s", strings.Join(keys, "\n"))
	}
	ed, err := note.NewVerifier(keys[0])
	if err != nil {
		t.Fatalf("the first verifier key is not an Ed25519 note key: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(c.Data, "keys", checkpoint.Ed25519KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private key: %v %v", fi, err)
	}
	early := filepath.Join(t.TempDir(), "early")
	storetest.CopyFolder(t, c.Data, early)
	c.importClips("B0001.MP4", "B0002.MP4")

	cp := filepath.Join(t.TempDir(), "cp.txt")
	if out := c.OK("checkpoint", "--out", cp); !strings.Contains(out, "检查点已写入") {
		t.Fatalf("checkpoint --out: %s", out)
	}
	msg, _ := os.ReadFile(cp)
	if _, err := note.Open(msg, note.VerifierList(ed)); err != nil {
		t.Fatalf("x/mod note.Open of the checkpoint: %v\n%s", err, msg)
	}
	if out := c.OK("checkpoint"); !strings.HasPrefix(out, ed.Name()+"\n") {
		t.Errorf("checkpoint to standard output:\n%s", out)
	}
	c.importClips("C0001.MP4")
	if out := c.OK("verify", "--checkpoint", cp); !strings.Contains(out, "OK") {
		t.Errorf("verify --checkpoint of its own checkpoint: %s", out)
	}

	rolledBack := envCLI{T: t, Data: early}
	code, out, _ := rolledBack.Run("verify", "--checkpoint", cp)
	if code != cli.ExitProblems || !strings.Contains(out, "回滚") || strings.Contains(out, "分叉") {
		t.Errorf("rolled back: exit %d\n%s", code, out)
	}
	forked := envCLI{T: t, Data: filepath.Join(t.TempDir(), "forked")}
	storetest.CopyFolder(t, early, forked.Data)
	forked.importClips("X0001.MP4", "X0002.MP4", "X0003.MP4", "X0004.MP4")
	code, out, _ = forked.Run("verify", "--checkpoint", cp, "--json")
	var res struct {
		OK          bool
		Checkpoints []struct{ Problem, Message string }
	}
	json.Unmarshal([]byte(out), &res)
	if code != cli.ExitProblems || res.OK || len(res.Checkpoints) != 1 || res.Checkpoints[0].Problem != "fork" || !strings.Contains(res.Checkpoints[0].Message, "分叉") {
		t.Errorf("forked: exit %d\n%s", code, out)
	}
	// Another workstation's checkpoint, and a missing file.
	other := envCLI{T: t, Data: filepath.Join(t.TempDir(), "other")}
	other.importClips("O.MP4")
	code, out, _ = other.Run("verify", "--checkpoint", cp)
	if code != cli.ExitProblems || !strings.Contains(out, "签名无效") {
		t.Errorf("another workstation: exit %d %s", code, out)
	}
	if code, _, _ := c.Run("verify", "--checkpoint", filepath.Join(t.TempDir(), "none")); code != cli.ExitUsage {
		t.Errorf("a missing checkpoint file: exit %d", code)
	}
	if code, out, _ := c.Run("checkpoint", "--help"); code != cli.ExitOK || !strings.Contains(out, "--verifier") {
		t.Errorf("checkpoint --help: %d %s", code, out)
	}
}

// TestReplicateCommands runs replicate, verify --endpoint and restore
// --endpoint against a real S3 server, as a user would.
func TestReplicateCommands(t *testing.T) {
	srv := s3test.Start(t)
	env := map[string]string{"AWS_ACCESS_KEY_ID": s3test.AccessKey, "AWS_SECRET_ACCESS_KEY": s3test.SecretKey}
	c := envCLI{T: t, Data: filepath.Join(t.TempDir(), "data"), env: env}
	c.importClips("A0001.MP4", "A0002.MP4")
	bucket := []string{"--endpoint", srv.Endpoint, "--bucket", "bureau"}
	if code, _, errOut := (envCLI{T: t, Data: c.Data}).Run(append([]string{"replicate"}, bucket...)...); code != cli.ExitUsage || !strings.Contains(errOut, "AWS_ACCESS_KEY_ID") {
		t.Errorf("replicate without credentials: %d %s", code, errOut)
	}
	if code, _, _ := c.Run("replicate"); code != cli.ExitUsage {
		t.Errorf("replicate without a bucket: %d", code)
	}
	out := c.OK(append([]string{"replicate"}, bucket...)...)
	if !strings.Contains(out, "2 个录像（发送 2 个") {
		t.Errorf("replicate:\n%s", out)
	}
	var rep struct {
		Uploaded, Present int
		OK                bool
	}
	json.Unmarshal([]byte(c.OK(append([]string{"replicate", "--json"}, bucket...)...)), &rep)
	if !rep.OK || rep.Uploaded != 0 || rep.Present != 2 {
		t.Errorf("second replicate --json: %+v", rep)
	}
	if out := c.OK(append([]string{"verify"}, bucket...)...); !strings.Contains(out, "存储桶完好：2 个录像") {
		t.Errorf("verify --endpoint:\n%s", out)
	}

	// Restore from the bucket, with the keys the bureau keeps.
	vkeys := filepath.Join(t.TempDir(), "verifiers.txt")
	os.WriteFile(vkeys, []byte(c.OK("checkpoint", "--verifier")), 0o644)
	restored := envCLI{T: t, Data: filepath.Join(t.TempDir(), "restored"), env: env}
	if out := restored.OK(append([]string{"restore", "--verifier", vkeys}, bucket...)...); !strings.Contains(out, "录像 2 个") {
		t.Errorf("restore --endpoint:\n%s", out)
	}
	if out := restored.OK("verify"); !strings.Contains(out, "完好") {
		t.Errorf("verify of the restored folder:\n%s", out)
	}

	// A changed object is named, exit 1.
	var recs []struct{ SHA256 string }
	json.Unmarshal([]byte(c.OK("recordings", "--json")), &recs)
	key := "archive/sha256/" + recs[0].SHA256
	path := filepath.Join(srv.Data, "bureau", filepath.FromSlash(key))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[0] ^= 1
	os.WriteFile(path, b, 0o644)
	code, out, _ := c.Run(append([]string{"verify"}, bucket...)...)
	if code != cli.ExitProblems || !strings.Contains(out, key+": content changed") {
		t.Errorf("verify --endpoint of a changed object: exit %d\n%s", code, out)
	}
	if out := c.OK("replicate", "--status"); !strings.Contains(out, "没有设置复制存储桶") {
		t.Errorf("replicate --status: %s", out)
	}
}

// TestReportCarriesCheckpoint: the supervisor's report is written with a
// signed checkpoint beside it, and the PDF prints it in every page's foot.
func TestReportCarriesCheckpoint(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	c := testCLI{T: t, Data: t.TempDir()}
	c.Run("", "", "", "admin password\nadmin password\n", "init", "--admin", "root")
	c.OK("root", "admin password", "user", "add", "sup", "--roles", "supervisor")
	out := filepath.Join(t.TempDir(), "r.pdf")
	if o := c.OK("sup", "initial password", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--out", out); !strings.Contains(o, "r.pdf.checkpoint") {
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
	if o := c.OK("", "", "verify", "--checkpoint", out+".checkpoint"); !strings.Contains(o, "OK") {
		t.Errorf("verify --checkpoint of the report's: %s", o)
	}
}
