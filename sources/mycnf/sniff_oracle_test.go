package mycnf

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
)

// groupOrIncludeBefore is groupOrInclude as it was before it jumped from
// line to line: the oracle TestSniffSameAsBefore and
// FuzzSniffSameAsBefore compare it with.
func groupOrIncludeBefore(data []byte) bool {
	start := true
	for _, c := range data {
		switch {
		case c == '\n':
			start = true
		case !start, c == ' ', c == '\t':
		case c == '[', c == '!':
			return true
		default:
			start = false
		}
	}
	return false
}

// TestSniffSameAsBefore: groupOrInclude, Sniff's cheap test, decides as
// before on every file of the shared corpora and on mutations of them.
func TestSniffSameAsBefore(t *testing.T) {
	files := sniffcheck.Corpus(t, 2)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, in := range append(files, sniffcheck.Mutations(files, n, sniffcheck.Names)...) {
		if got, want := groupOrInclude(in.Head), groupOrIncludeBefore(in.Head); got != want {
			t.Errorf("%s (%q...): groupOrInclude = %v, before %v", in.Path, in.Head[:min(len(in.Head), 80)], got, want)
		}
	}
}

func FuzzSniffSameAsBefore(f *testing.F) {
	f.Add([]byte("[mysqld]\nport = 3306\n"))
	f.Add([]byte("\n \t!include /etc/x\n"))
	f.Add([]byte("server {\n listen 80;\n}\n  x [y]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := groupOrInclude(data), groupOrIncludeBefore(data); got != want {
			t.Fatalf("groupOrInclude = %v, before %v", got, want)
		}
	})
}
