package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder notes a failure instead of ending the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Errorf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }

func TestCompare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "want.txt")
	if err := os.WriteFile(path, []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, fails string }{
		{"a\nb\nc\n", ""},
		{"a\nB\nc\n", "2: - \"b\"\n2: + \"B\"\n"},
		{"a\nb\nc\nd\n", "4: - \"\"\n4: + \"d\"\n5: + \"\"\n"},
		{"a\nb\nc", "4: - \"\"\n"},
	} {
		r := &recorder{TB: t}
		Compare(r, path, []byte(c.got))
		if (c.fails == "") != (r.failed == "") || !strings.HasSuffix(r.failed, c.fails) {
			t.Errorf("Compare(%q): failure %q, want one ending in %q", c.got, r.failed, c.fails)
		}
	}
	r := &recorder{TB: t}
	Compare(r, path+".missing", nil)
	if !strings.Contains(r.failed, "go test -update creates it") {
		t.Errorf("missing file: %q", r.failed)
	}
}
