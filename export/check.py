#!/usr/bin/env python3
# 用本光盘自行核对执法音像证据（执法音像采集工作站 evidock 生成）。
# Checks an evidence disc with the disc alone: every file in data/ against
# manifest-sha256.txt, every ledger proof (RFC 6962) against the tree head,
# and every recording against a proven recording.import entry.
# Run from anywhere: python3 ledger/check.py
import base64, hashlib, json, os, sys

root_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []


def read(name):
    with open(os.path.join(root_dir, name), "rb") as f:
        return f.read()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def included(index, size, leaf_hash, proof, root):
    # RFC 9162, 2.1.3.2: verifying an inclusion proof.
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


manifest = {}
for line in read("manifest-sha256.txt").decode("utf-8").splitlines():
    if line.strip():
        digest, path = line.split(" ", 1)
        path = path.lstrip(" ").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        manifest[path] = digest.lower()
for dirpath, _, files in os.walk(os.path.join(root_dir, "data")):
    for name in files:
        rel = os.path.relpath(os.path.join(dirpath, name), root_dir).replace(os.sep, "/")
        if rel not in manifest:
            problems.append(rel + "：不在 manifest-sha256.txt 中")
for path, digest in sorted(manifest.items()):
    full = os.path.join(root_dir, *path.split("/"))
    if not os.path.exists(full):
        problems.append(path + "：光盘上没有这个文件")
    elif sha256_file(full) != digest:
        problems.append(path + "：SHA-256 与 manifest-sha256.txt 不符，文件已被改动或损坏")

head = json.loads(read("ledger/tree-head.json"))
size, root = head["size"], base64.b64decode(head["root"])
imported = set()
for p in json.loads(read("ledger/proofs.json")):
    leaf = base64.b64decode(p["leaf"])
    proof = [base64.b64decode(h) for h in p["proof"]]
    if not included(p["seq"], size, hashlib.sha256(b"\x00" + leaf).digest(), proof, root):
        problems.append("ledger/proofs.json：第 %d 条台账记录的证明与树头不符" % p["seq"])
        continue
    entry = json.loads(leaf)
    if entry.get("action") == "recording.import":
        imported.add(entry.get("details", {}).get("sha256", "").lower())
for path, digest in sorted(manifest.items()):
    if digest not in imported:
        problems.append(path + "：台账证明中没有它的导入记录")

if problems:
    print("核对未通过：")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print("核对通过：%d 个文件与清单相符，%d 条台账证明与树头（%d 条，根哈希 %s）相符。"
      % (len(manifest), len(json.loads(read("ledger/proofs.json"))), size, head["root"]))
