package store

// Problem is one thing verify found wrong.
type Problem struct {
	Kind string `json:"kind"` // entry, tree, record, state, file
	Ref  string `json:"ref"`  // which entry or file
	What string `json:"what"` // what differs
}

func (p Problem) String() string { return p.Ref + ": " + p.What }
