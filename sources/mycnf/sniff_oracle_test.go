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
	headOnly := func(f func([]byte) bool) func(string, []byte) bool {
		return func(_ string, head []byte) bool { return f(head) }
	}
	sniffcheck.SameAsBefore(t, "groupOrInclude", headOnly(groupOrInclude), headOnly(groupOrIncludeBefore))
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
