// Package shell is what every screen of the window acts through: the
// logged-in user and the store, dialogs, work off the UI goroutine with
// progress and cancel, people by name, buttons gated by the core's role
// table, and the shared widgets (tables with headers, search and filters,
// the bar chart, the recording picker).
package shell
