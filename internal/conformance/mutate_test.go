package conformance

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// mutation changes one file of a tree the way a hurried edit does.
type mutation struct {
	name string
	// apply returns the new content and a description; ok is false when
	// the mutation does not apply to this content (nothing to drop).
	apply func(r *rand.Rand, content string, dialect dialect) (string, string, bool)
}

// dialect is what the mutations need to know about a syntax.
type dialect struct {
	kind string
	// missingInclude is a directive including a file that does not exist;
	// emptyGlob one whose wildcard matches nothing (valid for both servers
	// when written the right way).
	missingInclude, emptyGlob string
	// junk are lines a careless edit leaves behind.
	junk []string
	// closer returns what closes a block ("}" or a "</Location>"-style tag).
	closer func(r *rand.Rand) string
}

var nginxDialect = dialect{
	kind:           "nginx",
	missingInclude: "include missing-%d.conf;",
	emptyGlob:      "include nomatch-%d/*.conf;",
	junk:           []string{"@@@", "}}", ";", "{", "junk_token", `"unterminated`, "'", "proxy_pass", "#}", "\\"},
	closer:         func(*rand.Rand) string { return "}" },
}

var apacheDialect = dialect{
	kind:           "apache",
	missingInclude: "Include missing-%d.conf",
	emptyGlob:      "IncludeOptional nomatch-%d/*.conf",
	junk:           []string{"@@@", "</Location>", "<Location /x>", `"unterminated`, "<", ">", "</VirtualHost>", "\\", "# }"},
	closer: func(r *rand.Rand) string {
		tags := []string{"</VirtualHost>", "</Location>", "</Directory>", "</IfModule>", "</Proxy>"}
		return tags[r.IntN(len(tags))]
	},
}

var mutations = []mutation{
	// nginx's ';', or the '>' of an Apache section tag
	{"drop-terminator", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		if d.kind != "nginx" {
			return dropChar(r, c, '>')
		}
		return dropChar(r, c, ';')
	}},
	{"drop-close", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		if d.kind == "nginx" {
			return dropChar(r, c, '}')
		}
		return dropLineWith(r, c, "</")
	}},
	{"add-close", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		return insertLine(r, c, d.closer(r))
	}},
	{"stray-open", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		if d.kind == "nginx" {
			return insertAtLineEnd(r, c, " {")
		}
		return insertLine(r, c, "<Location /stray>")
	}},
	{"quote", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		return insertAtSpace(r, c, string("\"'"[r.IntN(2)]))
	}},
	{"junk", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		return insertLine(r, c, d.junk[r.IntN(len(d.junk))])
	}},
	{"truncate", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		if len(c) < 2 {
			return "", "", false
		}
		n := r.IntN(len(c))
		return c[:n], fmt.Sprintf("truncated to %d of %d bytes", n, len(c)), true
	}},
	{"missing-include", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		return insertLine(r, c, fmt.Sprintf(d.missingInclude, r.IntN(100)))
	}},
	{"empty-glob-include", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		return insertLine(r, c, fmt.Sprintf(d.emptyGlob, r.IntN(100)))
	}},
	{"comment", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		return insertLine(r, c, `# a comment with } { ; " ' < > and \ in it`)
	}},
	{"blank-lines-and-tabs", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		return insertLine(r, c, "\t \n\n\t")
	}},
	{"crlf", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		if !strings.Contains(c, "\n") {
			return "", "", false
		}
		return strings.ReplaceAll(c, "\n", "\r\n"), "CRLF line endings", true
	}},
	{"delete-byte", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		if c == "" {
			return "", "", false
		}
		i := r.IntN(len(c))
		return c[:i] + c[i+1:], fmt.Sprintf("deleted byte %d (%q)", i, c[i]), true
	}},
	// a word too many: argument counts and on/off values
	{"extra-argument", func(r *rand.Rand, c string, d dialect) (string, string, bool) {
		if d.kind == "nginx" {
			return insertBefore(r, c, ';', " x")
		}
		return insertBefore(r, c, '\n', " x")
	}},
	{"duplicate-line", func(r *rand.Rand, c string, _ dialect) (string, string, bool) {
		lines := strings.Split(c, "\n")
		i := r.IntN(len(lines))
		out := append(append(append([]string{}, lines[:i+1]...), lines[i]), lines[i+1:]...)
		return strings.Join(out, "\n"), fmt.Sprintf("duplicated line %d", i+1), true
	}},
}

func dropChar(r *rand.Rand, c string, ch byte) (string, string, bool) {
	var at []int
	for i := 0; i < len(c); i++ {
		if c[i] == ch {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", "", false
	}
	i := at[r.IntN(len(at))]
	return c[:i] + c[i+1:], fmt.Sprintf("dropped %q on line %d", ch, lineOf(c, i)), true
}

func dropLineWith(r *rand.Rand, c, sub string) (string, string, bool) {
	lines := strings.Split(c, "\n")
	var at []int
	for i, l := range lines {
		if strings.Contains(l, sub) {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", "", false
	}
	i := at[r.IntN(len(at))]
	out := append(append([]string{}, lines[:i]...), lines[i+1:]...)
	return strings.Join(out, "\n"), fmt.Sprintf("dropped line %d %q", i+1, strings.TrimSpace(lines[i])), true
}

// insertLine puts text on a line of its own before a random line.
func insertLine(r *rand.Rand, c, text string) (string, string, bool) {
	lines := strings.Split(c, "\n")
	i := r.IntN(len(lines))
	out := append(append(append([]string{}, lines[:i]...), text), lines[i:]...)
	return strings.Join(out, "\n"), fmt.Sprintf("inserted %q as line %d", text, i+1), true
}

func insertAtLineEnd(r *rand.Rand, c, text string) (string, string, bool) {
	lines := strings.Split(c, "\n")
	i := r.IntN(len(lines))
	lines[i] += text
	return strings.Join(lines, "\n"), fmt.Sprintf("appended %q to line %d", text, i+1), true
}

// insertAtSpace puts text at a random token boundary.
func insertAtSpace(r *rand.Rand, c, text string) (string, string, bool) {
	var at []int
	for i := 0; i < len(c); i++ {
		if c[i] == ' ' {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", "", false
	}
	i := at[r.IntN(len(at))] + 1
	return c[:i] + text + c[i:], fmt.Sprintf("inserted %q on line %d", text, lineOf(c, i)), true
}

// insertBefore puts text before a random occurrence of ch.
func insertBefore(r *rand.Rand, c string, ch byte, text string) (string, string, bool) {
	var at []int
	for i := 0; i < len(c); i++ {
		if c[i] == ch {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", "", false
	}
	i := at[r.IntN(len(at))]
	return c[:i] + text + c[i:], fmt.Sprintf("inserted %q on line %d", text, lineOf(c, i)), true
}

func lineOf(c string, i int) int { return strings.Count(c[:i], "\n") + 1 }

// variant is one mutated tree.
type variant struct {
	base     string
	file     string
	mutation string
	desc     string
	files    tree
}

// variants makes n deterministic variants of the bases.
func variants(seed uint64, n int, bases map[string]tree, d dialect) []variant {
	r := rand.New(rand.NewPCG(seed, seed+1))
	var names []string
	for name := range bases {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []variant
	for len(out) < n {
		base := names[r.IntN(len(names))]
		files := bases[base].clone()
		regular := files.names()
		file := regular[r.IntN(len(regular))]
		m := mutations[r.IntN(len(mutations))]
		content, desc, ok := m.apply(r, files[file], d)
		if !ok {
			continue
		}
		files[file] = content
		out = append(out, variant{base: base, file: file, mutation: m.name, desc: desc, files: files})
	}
	return out
}
