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


# Ed25519 signature check (RFC 8032, section 6), for the workstation's
# signed checkpoint.
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % P
    B = (a[1] + a[0]) * (b[1] + b[0]) % P
    C = 2 * a[3] * b[3] * D % P
    E = 2 * a[2] * b[2] % P
    e, f, g, h = B - A, E - C, E + C, B + A
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 % P == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _point(b):
    y = int.from_bytes(b, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


GY = 4 * pow(5, P - 2, P) % P
G = (_x(GY, 0), GY, 1, _x(GY, 0) * GY % P)


def ed25519_ok(public, msg, sig):
    if len(public) != 32 or len(sig) != 64:
        return False
    a, r = _point(public), _point(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % L
    left, right = _mul(s, G), _add(r, _mul(h, a))
    return (left[0] * right[2] - right[0] * left[2]) % P == 0 and (left[1] * right[2] - right[1] * left[2]) % P == 0


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

# The tree head signed by the workstation: the signature must verify with
# ledger/verifier-key.txt and the signed size and root be tree-head.json's.
signed_ok = False
if os.path.exists(os.path.join(root_dir, "ledger", "checkpoint.txt")):
    name, _, key = read("ledger/verifier-key.txt").decode("utf-8").strip().split("+", 2)
    key = base64.b64decode(key)
    note = read("ledger/checkpoint.txt").decode("utf-8")
    cut = note.rfind("\n\n")
    text, sigs = note[:cut + 1], note[cut + 2:]
    for line in sigs.splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == "\u2014" and parts[1] == name and key[:1] == b"\x01":
            sig = base64.b64decode(parts[2])[4:]
            signed_ok = signed_ok or ed25519_ok(key[1:], text.encode("utf-8"), sig)
    lines = text.split("\n")
    if not signed_ok:
        problems.append("ledger/checkpoint.txt：签名与 ledger/verifier-key.txt 的公钥不符")
    elif len(lines) < 3 or lines[1] != str(size) or base64.b64decode(lines[2]) != root:
        problems.append("ledger/checkpoint.txt：签名的树头与 ledger/tree-head.json 不符")

if problems:
    print("核对未通过：")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print("核对通过：%d 个文件与清单相符，%d 条台账证明与树头（%d 条，根哈希 %s）相符%s。"
      % (len(manifest), len(json.loads(read("ledger/proofs.json"))), size, head["root"],
         "，树头有工作站的有效签名" if signed_ok else ""))
