// Package daychart draws one recorder's day on a 00:00–24:00 axis: a bar
// per recording, a bar per interruption (explained or not), and taps that
// choose one. Its layout is pure functions of time and width.
package daychart
