package postgres

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/sniffcheck"
)

// sniffBouncerBefore is SniffBouncer as it was before it learnt to reject other files
// cheaply: the oracle TestSniffSameAsBefore and FuzzSniffSameAsBefore
// compare it with.

// SniffBouncer tells pgbouncer.ini: a [pgbouncer] section with its
// settings (2), else 0.
func sniffBouncerBefore(path string, head []byte) int {
	in, known := false, 0
	for _, s := range ParseINI(path, head) {
		if s.Name == "section" {
			in = s.Value == "pgbouncer"
			continue
		}
		if in && bouncerMarks[s.Name] {
			known++
		}
	}
	if known < 2 {
		return 0
	}
	return 2
}

// TestSniffSameAsBefore: SniffBouncer decides as sniffBouncerBefore on every file of the
// shared corpora and on mutations of them.
func TestSniffSameAsBefore(t *testing.T) {
	sniffcheck.SameAsBefore(t, "SniffBouncer", SniffBouncer, sniffBouncerBefore)
}

func FuzzSniffSameAsBefore(f *testing.F) {
	f.Add("pgbouncer.ini", []byte("[databases]\n* = host=db\n[pgbouncer]\nlisten_port = 6432\npool_mode = session\n"))
	f.Add("x.ini", []byte("[ PGBouncer ]\nauth_type = md5\nlogfile = x\n"))
	f.Add("site", []byte("server {\n listen 80;\n}\n"))
	f.Fuzz(func(t *testing.T, path string, head []byte) {
		if got, want := SniffBouncer(path, head), sniffBouncerBefore(path, head); got != want {
			t.Fatalf("SniffBouncer = %d, before %d", got, want)
		}
	})
}
