package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong on a disc: the file concerned (slash-separated,
// relative to the bag) and what differs, in a sentence.
type Problem struct {
	Path string
	What string
}

// String returns the problem as "path: what".
func (p Problem) String() string { return p.Path + ": " + p.What }

// Report is the outcome of VerifyDisc.
type Report struct {
	OK       bool      // no problems were found
	Files    int       // recordings (files in data/) checked
	Problems []Problem // everything that does not match, file by file
}

// VerifyDisc checks an evidence disc. path is an ISO image file, a drive
// xorriso can read ("/dev/sr0", or "stdio:/some/file" for a file-backed
// pseudo drive), a mounted disc or a bag folder. It checks that bagit.txt is
// there; that every file in data/ is listed in manifest-sha256.txt and
// manifest-sm3.txt with the hashes its bytes have, and every listed file is
// there; the Payload-Oxum; the tag manifests; every ledger proof against the
// tree head; and that each recording's SHA-256 and SM3 are those of a proven
// recording.import ledger entry, and listed by a proven export.begin entry
// when the disc carries one. On images it also checks that Windows
// (the Joliet tree) sees the same files. The error is for failures to read
// at all; everything found wrong on the disc is in the Report.
func VerifyDisc(ctx context.Context, path string) (Report, error) {
	t, err := openTree(ctx, path)
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	defer t.Close()
	v := &verifier{ctx: ctx, t: t, data: map[string]Hashes{}, bad: map[string]bool{}}
	v.probs = append(v.probs, t.Problems()...)
	if err := v.run(); err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	sort.SliceStable(v.probs, func(i, j int) bool { return v.probs[i].Path < v.probs[j].Path })
	return Report{OK: len(v.probs) == 0, Files: len(v.data), Problems: v.probs}, nil
}

// maxTagFile bounds how much of a tag file is read into memory.
const maxTagFile = 256 << 20

type verifier struct {
	ctx   context.Context
	t     discTree
	data  map[string]Hashes // hashes of every file in data/
	bad   map[string]bool   // files in data/ that could not be read
	probs []Problem
}

func (v *verifier) problem(p, format string, args ...any) {
	v.probs = append(v.probs, Problem{Path: p, What: fmt.Sprintf(format, args...)})
}

// readTag reads a tag file; a missing file is a problem, not an error.
func (v *verifier) readTag(name string) ([]byte, bool, error) {
	if !v.t.Has(name) {
		v.problem(name, "is missing from the disc")
		return nil, false, nil
	}
	r, err := v.t.Open(name)
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxTagFile))
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", name, err)
	}
	return b, true, nil
}

func (v *verifier) run() error {
	if b, ok, err := v.readTag(BagitFile); err != nil {
		return err
	} else if ok && !strings.Contains(string(b), "BagIt-Version:") {
		v.problem(BagitFile, "does not declare a BagIt-Version")
	}
	var tagFiles []string
	for _, name := range v.t.Files() {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		if !strings.HasPrefix(name, DataDir+"/") {
			if name != TagManifestSHA256 && name != TagManifestSM3 {
				tagFiles = append(tagFiles, name)
			}
			continue
		}
		r, err := v.t.Open(name)
		if err != nil {
			return err
		}
		h, err := copyHashed(v.ctx, nil, r, nil)
		r.Close()
		if err != nil {
			if v.ctx.Err() != nil {
				return v.ctx.Err()
			}
			v.problem(name, "cannot be read: %v", err)
			v.bad[name] = true
			continue
		}
		v.data[name] = h
	}
	for _, m := range []struct{ file, alg string }{{ManifestSHA256, "SHA-256"}, {ManifestSM3, "SM3"}} {
		if err := v.checkManifest(m.file, m.alg, v.data, true); err != nil {
			return err
		}
	}
	if err := v.checkOxum(); err != nil {
		return err
	}
	tags := map[string]Hashes{}
	for _, name := range tagFiles {
		b, _, err := v.readTag(name)
		if err != nil {
			return err
		}
		tags[name] = hashBytes(b)
	}
	for _, m := range []struct{ file, alg string }{{TagManifestSHA256, "SHA-256"}, {TagManifestSM3, "SM3"}} {
		if err := v.checkManifest(m.file, m.alg, tags, false); err != nil {
			return err
		}
	}
	for _, name := range []string{DescriptionFile, BagInfoFile} {
		if _, ok := tags[name]; !ok {
			v.problem(name, "is missing from the disc")
		}
	}
	return v.checkLedger()
}

// checkManifest compares a manifest with the hashes of the files it should
// cover: every file in have must be listed with its hash, and every listed
// file must exist.
func (v *verifier) checkManifest(file, alg string, have map[string]Hashes, payload bool) error {
	b, ok, err := v.readTag(file)
	if err != nil || !ok {
		return err
	}
	lines, probs := parseManifest(file, b)
	v.probs = append(v.probs, probs...)
	listed := map[string]bool{}
	for _, l := range lines {
		if listed[l.Path] {
			v.problem(file, "line %d lists %s a second time", l.Line, l.Path)
			continue
		}
		listed[l.Path] = true
		if payload != strings.HasPrefix(l.Path, DataDir+"/") || path.Clean(l.Path) != l.Path || strings.HasPrefix(l.Path, "../") {
			v.problem(file, "line %d names %q, which does not belong in this manifest", l.Line, l.Path)
			continue
		}
		h, ok := have[l.Path]
		if !ok && v.bad[l.Path] {
			continue // already reported as unreadable
		}
		if !ok {
			v.problem(l.Path, "is listed in %s (line %d) but is not on the disc", file, l.Line)
			continue
		}
		got := h.SHA256
		if alg == "SM3" {
			got = h.SM3
		}
		if got != l.Hash {
			v.problem(l.Path, "has %s %s but %s (line %d) says %s", alg, got, file, l.Line, l.Hash)
		}
	}
	for p := range have {
		if !listed[p] {
			v.problem(p, "is on the disc but not listed in %s", file)
		}
	}
	return nil
}

// checkOxum compares bag-info.txt's Payload-Oxum with data/.
func (v *verifier) checkOxum() error {
	b, ok, err := v.readTag(BagInfoFile)
	if err != nil || !ok {
		return err
	}
	oxum, ok := infoValue(parseBagInfo(b), "Payload-Oxum")
	if !ok {
		v.problem(BagInfoFile, "has no Payload-Oxum")
		return nil
	}
	var total int64
	for _, h := range v.data {
		total += h.Size
	}
	octets, count, _ := strings.Cut(oxum, ".")
	o, err1 := strconv.ParseInt(octets, 10, 64)
	c, err2 := strconv.Atoi(count)
	switch {
	case errors.Join(err1, err2) != nil:
		v.problem(BagInfoFile, "has a Payload-Oxum %q that is not <bytes>.<files>", oxum)
	case o != total || c != len(v.data):
		v.problem(BagInfoFile, "says Payload-Oxum %s but data/ holds %d bytes in %d files", oxum, total, len(v.data))
	}
	return nil
}

// checkLedger verifies the proofs against the tree head and that every
// recording matches a proven import entry.
func (v *verifier) checkLedger() error {
	head, ok1, err := v.readTag(TreeHeadFile)
	if err != nil {
		return err
	}
	proofs, ok2, err := v.readTag(ProofsFile)
	if err != nil {
		return err
	}
	proven := map[hashKey]bool{}
	var begins []map[hashKey]bool
	if ok1 && ok2 {
		ev, err := unmarshalEvidence(head, proofs)
		if err != nil {
			v.problem(ProofsFile, "cannot be read: %v", err)
		}
		for _, p := range ev.Proofs {
			if err := p.Check(ev.TreeSize, ev.Root); err != nil {
				v.problem(ProofsFile, "the proof of ledger entry %d does not lead to the tree head in %s: %v", p.Seq, TreeHeadFile, err)
				continue
			}
			if k, ok := importOf(p.Leaf); ok {
				proven[k] = true
			}
			if recs, ok := exportOf(p.Leaf); ok {
				begins = append(begins, recs)
			}
		}
	}
	if ok1 {
		v.checkCheckpoint(head)
	}
	v.checkExportEntries(begins)
	for p, h := range v.data {
		if !proven[hashKey{h.SHA256, h.SM3}] {
			v.problem(p, "has SHA-256 %s and SM3 %s, which no proven %s ledger entry on the disc records", h.SHA256, h.SM3, ImportAction)
		}
	}
	return nil
}
