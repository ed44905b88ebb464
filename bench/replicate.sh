#!/usr/bin/env bash
# bench/replicate.sh — evidock replicate next to a bare minio-go FPutObject
# loop over the same archived files to the same S3 server (versitygw on
# loopback, Object Lock on), and the peak RSS of replicating one large clip.
#
#   a  bench/fput: FPutObject of every archived file, one after the other
#   b  evidock replicate (HEAD-less listing, PutObject with COMPLIANCE lock,
#      legal hold and metadata, then the ledger tiles, snapshot, checkpoint)
# ratio = (bytes/b) / (bytes/a) = a/b; the goal is >= 0.8. Then one clip of
# BENCH_CLIP_MB (4096) is replicated under /usr/bin/time: the goal is a peak
# RSS under 150 MiB (the file is streamed, never held whole).
#
# Environment: BENCH_SIZE_MB (2048, in clips of 256 MiB), BENCH_CLIP_MB
# (4096), BENCH_DIR (bench/work-replicate, removed afterwards),
# EVIDOCK_BIN (bin/evidock), EVIDOCK_VERSITYGW (~/.cache/evidock/bin/versitygw).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${BENCH_SIZE_MB:-2048}
CLIP_MB=${BENCH_CLIP_MB:-4096}
BIN=$(realpath "${EVIDOCK_BIN:-bin/evidock}")
VGW=${EVIDOCK_VERSITYGW:-$HOME/.cache/evidock/bin/versitygw}
WORK=${BENCH_DIR:-$PWD/bench/work-replicate}
[ -x "$BIN" ] || { echo "bench: $BIN not built (make build)" >&2; exit 1; }
[ -x "$VGW" ] || { echo "bench: $VGW missing (make test installs it)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time is missing (make deps)" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/s3" "$WORK/versions"
go build -o "$WORK/fput" ./bench/fput
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=evidockbench AWS_SECRET_ACCESS_KEY=evidockbench-secret
PORT=$(shuf -i 20000-60000 -n 1)
ROOT_ACCESS_KEY=$AWS_ACCESS_KEY_ID ROOT_SECRET_KEY=$AWS_SECRET_ACCESS_KEY \
	"$VGW" --port "127.0.0.1:$PORT" posix --versioning-dir "$WORK/versions" "$WORK/s3" >"$WORK/versitygw.log" 2>&1 &
PID=$!
END=http://127.0.0.1:$PORT
for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

fill() { # FILE BYTES SEED: incompressible, reproducible
	openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:evidock-bench-$3" </dev/zero 2>/dev/null | head -c "$2" >"$1" || true
}
drop() { sync; [ "$(id -u)" = 0 ] && echo 3 >/proc/sys/vm/drop_caches || true; }

n=$(( SIZE_MB / 256 ))
for i in $(seq 1 "$n"); do fill "$WORK/src/CLIP$(printf %04d "$i").MP4" $((256 << 20)) "$i"; done
"$BIN" --data "$WORK/data" import --device B1 --officer 1001 "$WORK/src" >/dev/null
rm -rf "$WORK/src"
FILES=$(find "$WORK/data/archive/sha256" -type f)
BYTES=$(cat $FILES | wc -c)

drop
read -r abytes asec < <("$WORK/fput" -endpoint "$END" -bucket bare $FILES)
drop
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$WORK/rss-b" "$BIN" --data "$WORK/data" replicate --endpoint "$END" --bucket evidence >/dev/null
bsec=$(echo "$(date +%s.%N) - $start" | bc -l)
mbs() { echo "scale=1; $1 / 1048576 / $2" | bc -l; }
printf 'files: %d, %d MiB\n' "$(echo "$FILES" | wc -l)" $(( BYTES >> 20 ))
printf 'a  bare FPutObject loop   %6.2f s  %7s MiB/s\n' "$asec" "$(mbs "$abytes" "$asec")"
printf 'b  evidock replicate      %6.2f s  %7s MiB/s  peak RSS %d MiB\n' "$bsec" "$(mbs "$BYTES" "$bsec")" $(( $(cat "$WORK/rss-b") / 1024 ))
printf 'ratio (b throughput / a throughput): %.2f (goal >= 0.80)\n' "$(echo "$asec / $bsec" | bc -l)"

# One large clip: RSS while it is streamed.
mkdir -p "$WORK/clip"
fill "$WORK/clip/BIG00001.MP4" $(( CLIP_MB << 20 )) big
"$BIN" --data "$WORK/clipdata" import --device B1 --officer 1001 "$WORK/clip" >/dev/null
rm -rf "$WORK/clip"
drop
/usr/bin/time -f '%M %e' -o "$WORK/rss-c" "$BIN" --data "$WORK/clipdata" replicate --endpoint "$END" --bucket clip >/dev/null
read -r rss sec <"$WORK/rss-c"
printf 'c  one %d MiB clip        %6.2f s  %7s MiB/s  peak RSS %d MiB (goal < 150)\n' "$CLIP_MB" "$sec" "$(mbs $(( CLIP_MB << 20 )) "$sec")" $(( rss / 1024 ))
