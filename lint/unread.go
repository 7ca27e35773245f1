package lint

// Unread is a part of a configuration that the server reads but the lint
// could not: a fragment's include that lies outside the repository, a
// template the tree includes. Its settings are unknown, so rules that
// need the whole tree hold back as they do on a fragment.
type Unread struct {
	// Pos is the include directive.
	Pos Position
	// Path is the file as the include names it.
	Path string
	// Reason says why it was not read, as the notice said it.
	Reason string
}

// Incomplete reports whether parts of the tree were not read: a
// fragment, or a tree with Unread includes. WholeTree rules skip it.
func (c *Config) Incomplete() bool {
	return c.Fragment || len(c.Unread) > 0
}
