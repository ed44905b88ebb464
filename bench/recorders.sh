#!/usr/bin/env bash
# bench/recorders.sh — many recorders docked at once under `evidock watch`,
# next to one plain `evidock import` of the same bytes (issue 16, "Speed and
# memory").
#
# Makes BENCH_RECORDERS (25) tmpfs volumes of BENCH_RECORDER_MB (40) MiB each,
# laid out as the builtin profile bodycam-100media knows them: ID.txt with
# the serial (BENCH-R01…), and DCIM/100MEDIA/YYYYMMDD_hhmmss_<serial>_<n>.MP4
# clips (BENCH_CLIPS, 4 a recorder): a real MP4 header from ffmpeg (2 s,
# creation_time as in the name) followed by a 'free' box of incompressible
# bytes up to the clip's size. The same clips (renamed to one serial) lie in
# one more tmpfs folder. Each round then times, the page cache dropped first:
#   c  evidock import of that one folder               (all the bytes, one import)
#   w  evidock watch --roots ROOT: every recorder's tmpfs is moved under ROOT
#      at once (mount --move, as a docking appears to watch); the time runs
#      from the first move to the last 'finished' event in watch's JSON output
# The watch is started, and its first maintenance pass (the scheduled check
# on the still empty archive, 10 s after start) is let go by, before the
# volumes appear. The peak RSS of watch is its VmHWM (/proc/PID/status) once
# every volume is in; that of c comes from /usr/bin/time -v.
# Targets: w <= 1.3 x c (the median of the rounds' own w/c), and the peak
# RSS of watch under 150 MiB.
#
# Needs root (tmpfs mounts); otherwise it says so and skips. Every mount it
# made is unmounted on exit, whatever happened.
#
# Environment: BENCH_RECORDERS (25), BENCH_RECORDER_MB (40), BENCH_CLIPS (4),
# BENCH_ROUNDS (3), BENCH_DIR (a work folder, default bench/work-recorders,
# removed afterwards), EVIDOCK_BIN (bin/evidock), BENCH_WATCH_TIMEOUT (600 s
# for all recorders to be in).
set -euo pipefail
cd "$(dirname "$0")/.."

RECORDERS=${BENCH_RECORDERS:-25}
REC_MB=${BENCH_RECORDER_MB:-40}
CLIPS=${BENCH_CLIPS:-4}
ROUNDS=${BENCH_ROUNDS:-3}
TIMEOUT=${BENCH_WATCH_TIMEOUT:-600}
BIN=$(realpath "${EVIDOCK_BIN:-bin/evidock}")
WORK=$(realpath -m "${BENCH_DIR:-$PWD/bench/work-recorders}")
STAGE=$WORK/stage # the recorders' tmpfs mounts while not docked
ROOT=$WORK/root   # watch's root: a mount point directly under it is a volume
ONE=$WORK/one     # the same clips in one folder (a tmpfs), for c
NPROC=$(nproc)
# Names in the profile are local time, the MP4s' creation_time is UTC:
# evidock runs on UTC here so that the two agree.
export TZ=UTC

if [ "$(id -u)" != 0 ]; then
	echo "bench: recorders: not root, cannot mount the ${RECORDERS} tmpfs volumes; skipped (run make bench as root)"
	exit 0
fi
for tool in mount umount ffmpeg openssl /usr/bin/time bc sync; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps installs it)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench: $BIN not built (make build)" >&2; exit 1; }

WPID=
# mounts_under DIR: the mount points at or below DIR, deepest first.
# shellcheck disable=SC2317 # called from the EXIT trap
mounts_under() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r
}
# shellcheck disable=SC2317 # the EXIT trap
cleanup() {
	local rc=$? m left=0
	if [ -n "$WPID" ]; then
		kill "$WPID" 2>/dev/null || true
		wait "$WPID" 2>/dev/null || true
	fi
	for _ in 1 2 3; do
		for m in $(mounts_under "$WORK"); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
		[ -z "$(mounts_under "$WORK")" ] && break
		sleep 0.5
	done
	if [ -n "$(mounts_under "$WORK")" ]; then
		echo "bench: could not unmount: $(mounts_under "$WORK" | paste -sd' ') — $WORK left in place" >&2
		left=1
	fi
	((left)) || rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# clip FILE BYTES SEED EPOCH: a 2 s MP4 from ffmpeg with that creation time,
# then a 'free' box of reproducible incompressible bytes (AES-CTR of zeros)
# up to BYTES, so the file is a valid MP4 of exactly that size.
clip() {
	local f=$1 want=$2 seed=$3 at=$4 head pad
	ffmpeg -loglevel error -f lavfi -i testsrc=duration=2:size=32x24:rate=2 \
		-metadata creation_time="$(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)" \
		-c:v mpeg4 -movflags +faststart -y "$WORK/head.mp4"
	head=$(stat -c %s "$WORK/head.mp4")
	pad=$((want - head))
	((pad >= 8)) || { echo "bench: clip of $want bytes is too small" >&2; exit 1; }
	{
		cat "$WORK/head.mp4"
		printf '%b' "$(printf '\\x%02x' $((pad >> 24 & 255)) $((pad >> 16 & 255)) $((pad >> 8 & 255)) $((pad & 255)))free"
		# openssl ends on SIGPIPE when head has enough; only the size counts.
		openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:evidock-bench-$seed" </dev/zero 2>/dev/null | head -c $((pad - 8)) || true
	} >"$f"
	[ "$(stat -c %s "$f")" = "$want" ] || { echo "bench: could not write $f" >&2; exit 1; }
}

make_set() {
	local r k serial vol n at ts one_mb
	local per=$((REC_MB << 20)) each=$(((REC_MB << 20) / CLIPS))
	mkdir -p "$STAGE" "$ROOT" "$ONE"
	# Clips of 2 s, one after the other from half an hour ago: recorded today,
	# not late, no clock offset; recorder r's clips follow recorder r-1's.
	local base=$(($(date +%s) - 1800 - RECORDERS * CLIPS * 2))
	one_mb=$((RECORDERS * REC_MB + RECORDERS + 16))
	mount -t tmpfs -o "size=${one_mb}m,mode=0755" evidock-bench-one "$ONE"
	mkdir -p "$ONE/DCIM/100MEDIA"
	echo BENCH-ALL >"$ONE/ID.txt"
	for ((r = 1; r <= RECORDERS; r++)); do
		serial=BENCH-R$(printf %02d "$r")
		vol=$STAGE/$serial
		mkdir -p "$vol" "$ROOT/$serial"
		mount -t tmpfs -o "size=$((REC_MB + 8))m,mode=0755" "evidock-bench-$serial" "$vol"
		mkdir -p "$vol/DCIM/100MEDIA"
		echo "$serial" >"$vol/ID.txt"
		for ((k = 1; k <= CLIPS; k++)); do
			n=$each
			((k == CLIPS)) && n=$((per - each * (CLIPS - 1)))
			at=$((base + ((r - 1) * CLIPS + k - 1) * 2))
			ts=$(date -u -d "@$at" +%Y%m%d_%H%M%S)
			clip "$vol/DCIM/100MEDIA/${ts}_${serial}_$k.MP4" "$n" "$serial-$k" "$at"
			cp "$vol/DCIM/100MEDIA/${ts}_${serial}_$k.MP4" "$ONE/DCIM/100MEDIA/${ts}_BENCH-ALL_$(((r - 1) * CLIPS + k)).MP4"
		done
	done
	rm -f "$WORK/head.mp4"
}

rm -rf "$WORK"
mkdir -p "$WORK"
# mount --move is refused under a shared mount (systemd makes / shared): the
# work folder becomes a private mount of its own first.
mount --bind "$WORK" "$WORK"
mount --make-private "$WORK"
echo "bench: recorders: making ${RECORDERS} tmpfs recorders of ${REC_MB} MiB (${CLIPS} clips each) in $STAGE ..."
make_set
BYTES=$(find "$ONE/DCIM" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
FILES=$(find "$ONE/DCIM" -type f | wc -l)
echo "bench: $RECORDERS recorders, $FILES clips, $BYTES bytes; $NPROC CPUs; archive on $(df -h "$WORK" | awk 'NR==2{print $1" ("$2")"}')"

cold() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
now() { date +%s.%N; }

# run_c: one import of the one folder; sets C (seconds) and C_KB (peak RSS).
run_c() {
	local t0 t1
	rm -rf "$WORK/data-c"
	cold
	t0=$(now)
	/usr/bin/time -v -o "$WORK/time-c.txt" "$BIN" --data "$WORK/data-c" import --json "$ONE" >"$WORK/import.json" 2>"$WORK/import.err" || {
		echo "bench: evidock import failed:" >&2
		cat "$WORK/import.json" "$WORK/import.err" >&2
		exit 1
	}
	t1=$(now)
	grep -q '"status": "complete"' "$WORK/import.json" || { cat "$WORK/import.json" >&2; exit 1; }
	C=$(echo "$t1 - $t0" | bc -l)
	C_KB=$(awk -F': ' '/Maximum resident set size/{print $2}' "$WORK/time-c.txt")
	rm -rf "$WORK/data-c"
}

# count EVENT: how many such events watch has printed so far.
count() { grep -c "\"event\":\"$1\"" "$WORK/watch.json" || true; }

# run_w: watch, then every recorder at once; sets W (seconds), W_KB (VmHWM)
# W_ANON (the highest RssAnon seen, polled: the Go heap and stacks rather
# than mapped files) and W_SEEN (seconds from the first move to the first
# volume_seen).
run_w() {
	local t0 t1 first serial deadline n_in=0 bad got r a
	rm -rf "$WORK/data-w"
	W_ANON=0
	"$BIN" --data "$WORK/data-w" watch --roots "$ROOT" --json >"$WORK/watch.json" 2>"$WORK/watch.err" &
	WPID=$!
	# Let watch start and its first maintenance pass (10 s after start) go by.
	deadline=$(($(date +%s) + 20))
	until [ "$(count integrity_checked)" -gt 0 ] || [ "$(date +%s)" -ge "$deadline" ]; do
		kill -0 "$WPID" 2>/dev/null || { echo "bench: watch ended:" >&2; cat "$WORK/watch.err" >&2; exit 1; }
		sleep 0.2
	done
	cold
	t0=$(now)
	for ((r = 1; r <= RECORDERS; r++)); do
		serial=BENCH-R$(printf %02d "$r")
		mount --move "$STAGE/$serial" "$ROOT/$serial"
	done
	deadline=$(($(date +%s) + TIMEOUT))
	while :; do
		n_in=$(($(count finished) + $(count error)))
		((n_in >= RECORDERS)) && break
		kill -0 "$WPID" 2>/dev/null || { echo "bench: watch ended:" >&2; cat "$WORK/watch.err" >&2; exit 1; }
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "bench: after ${TIMEOUT} s only $n_in of $RECORDERS recorders are in:" >&2
			grep -v '"event":"progress"' "$WORK/watch.json" | tail -20 >&2
			exit 1
		fi
		a=$(awk '/^RssAnon:/{print $2}' "/proc/$WPID/status" 2>/dev/null || echo 0)
		((a > W_ANON)) && W_ANON=$a
		sleep 0.05
	done
	W_KB=$(awk '/^VmHWM:/{print $2}' "/proc/$WPID/status")
	kill -TERM "$WPID"
	wait "$WPID" || true
	WPID=
	bad=$(grep '"event":"finished"' "$WORK/watch.json" | grep -vc '"status":"complete"' || true)
	if [ "$(count error)" != 0 ] || [ "$bad" != 0 ]; then
		echo "bench: not every recorder was imported completely:" >&2
		grep '"event":"\(finished\|error\)"' "$WORK/watch.json" | grep -v '"status":"complete"' | cut -c1-400 >&2
		exit 1
	fi
	got=$(grep '"event":"finished"' "$WORK/watch.json" | sed -n 's/.*"result":{[^}]*"bytes":\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
	[ "$got" = "$BYTES" ] || { echo "bench: watch imported $got bytes, not $BYTES" >&2; exit 1; }
	first=$(grep -m1 '"event":"volume_seen"' "$WORK/watch.json" | sed 's/.*"time":"\([^"]*\)".*/\1/')
	t1=$(grep '"event":"finished"' "$WORK/watch.json" | sed 's/.*"time":"\([^"]*\)".*/\1/' | sort | tail -1)
	W=$(echo "$(date -d "$t1" +%s.%N) - $t0" | bc -l)
	W_SEEN=$(echo "$(date -d "$first" +%s.%N) - $t0" | bc -l)
	# Back to the stage for the next round.
	for ((r = 1; r <= RECORDERS; r++)); do
		serial=BENCH-R$(printf %02d "$r")
		mount --move "$ROOT/$serial" "$STAGE/$serial"
	done
	rm -rf "$WORK/data-w"
}

# Rounds alternate the order of c and w so that neither always runs on a
# machine the other has just warmed or dirtied; the figures are medians.
declare -a CS WS RATIOS
C_MAX=0 W_MAX=0
for ((round = 1; round <= ROUNDS; round++)); do
	if ((round % 2)); then run_c; run_w; else run_w; run_c; fi
	CS+=("$C") WS+=("$W")
	ratio=$(echo "$W / $C" | bc -l)
	RATIOS+=("$ratio")
	((C_KB > C_MAX)) && C_MAX=$C_KB
	((W_KB > W_MAX)) && W_MAX=$W_KB
	printf 'round %d: c %.2f s, w %.2f s (first volume seen after %.2f s), w/c %.2f, peak RSS c %.0f MiB, w %.0f MiB (anonymous %.0f)\n' \
		"$round" "$C" "$W" "$W_SEEN" "$ratio" "$(echo "$C_KB / 1024" | bc -l)" "$(echo "$W_KB / 1024" | bc -l)" "$(echo "$W_ANON / 1024" | bc -l)"
done
median() { tr ' ' '\n' <<<"$*" | grep . | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
c=$(median "${CS[@]}")
w=$(median "${WS[@]}")
mbps() { echo "$BYTES / $1 / 1000000" | bc -l; }
printf '\nmedians of %d rounds%29s %9s %9s\n' "$ROUNDS" "" "seconds" "MB/s"
printf '%-48s %9.2f %9.1f\n' "c  evidock import, one folder" "$c" "$(mbps "$c")"
printf '%-48s %9.2f %9.1f\n' "w  evidock watch, $RECORDERS recorders at once" "$w" "$(mbps "$w")"
wc_med=$(echo "$w / $c" | bc -l)
wc=$(median "${RATIOS[@]}")
rss=$(echo "$W_MAX / 1024" | bc -l)
printf '\nw/c = %.2f of the medians, %.2f the median of the rounds (target <= 1.3)\n' "$wc_med" "$wc"
printf 'highest peak RSS of w = %.0f MiB (target < 150); of c = %.0f MiB\n' "$rss" "$(echo "$C_MAX / 1024" | bc -l)"
ok=1
(($(echo "$wc > 1.3" | bc -l))) && { echo "bench: MISS: $RECORDERS recorders under watch take more than 1.3 x one import of the same bytes"; ok=0; }
(($(echo "$rss >= 150" | bc -l))) && { echo "bench: MISS: watch's peak RSS with $RECORDERS recorders is 150 MiB or more"; ok=0; }
((ok)) && echo "bench: targets met"
exit 0
