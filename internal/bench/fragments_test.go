package bench

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
	"github.com/edgelint/edgelint/internal/testsupport/gentree"
)

// BenchmarkFragments is the whole command, `edgelint check --format json
// DIR`, on a directory of small files with no entry point (issue 16's
// 100,000-file target, at a tenth of its size): every file is a config of
// its own, so what a run spends per config and per file, whatever the
// file holds, is most of it.
func BenchmarkFragments(b *testing.B) {
	t := tree(b, gentree.Options{Kind: gentree.Fragments, Files: 10000})
	run := func() int {
		var stderr bytes.Buffer
		return cli.Main([]string{"check", "--format", "json", t.Dir}, strings.NewReader(""), io.Discard, &stderr)
	}
	if code := run(); code > 1 {
		b.Fatalf("exit %d", code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		run()
	}
}
