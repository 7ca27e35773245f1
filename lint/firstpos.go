package lint

// FirstPos returns the first of ps that says something (see IsZero): a
// finding about a setting goes to the directive that wrote it, else to
// the block that lacks it, else to the route or server it is about.
func FirstPos(ps ...Position) Position {
	for _, p := range ps {
		if !p.IsZero() {
			return p
		}
	}
	return Position{}
}
