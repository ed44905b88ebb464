package assets

import "embed"

// DemoClips are three tiny real MP4 clips (2 s, 160×120, made with ffmpeg's
// test pattern) that `evidock demo` copies onto simulated recorders.
//
//go:embed demo/*.mp4
var DemoClips embed.FS
