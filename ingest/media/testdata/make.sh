#!/bin/sh
# Regenerates the ffmpeg fixtures of package media (ffmpeg 5.1, Debian 12).
# The EXIF JPEGs are built by the tests from noexif.jpg.
set -e
cd "$(dirname "$0")"
q="-hide_banner -loglevel error -y"
video="-f lavfi -i color=c=black:s=64x64:d=1:r=25 -c:v libx264 -pix_fmt yuv420p"
ffmpeg $q $video -metadata creation_time=2026-11-29T08:15:02Z moov_last.mp4
ffmpeg $q $video -movflags +faststart -metadata creation_time=2026-11-29T08:15:02Z faststart.mp4
ffmpeg $q -f lavfi -i color=c=black:s=64x64:d=2:r=25 -c:v libx264 -pix_fmt yuv420p \
	-metadata creation_time=2025-03-04T23:59:58Z clip.mov
ffmpeg $q -f lavfi -i sine=d=1.5:sample_rate=8000 -c:a aac -b:a 16k \
	-metadata creation_time=2024-02-29T12:00:00Z audio.m4a
ffmpeg $q -f lavfi -i color=c=black:s=64x64:d=1:r=25 -c:v mjpeg -q:v 31 clip.avi
ffmpeg $q -f lavfi -i sine=d=0.5:sample_rate=8000 -ac 1 -c:a pcm_u8 -write_bext 1 \
	-metadata origination_date=2026-11-29 -metadata origination_time=08:15:02 bext.wav
ffmpeg $q -f lavfi -i sine=d=0.25:sample_rate=8000 -ac 1 -c:a pcm_s16le pcm16.wav
ffmpeg $q -f lavfi -i sine=d=0.25:sample_rate=8000 -ac 1 -c:a pcm_u8 -rf64 always rf64.wav
ffmpeg $q -f lavfi -i color=c=gray:s=16x16:d=1 -frames:v 1 -q:v 31 noexif.jpg
