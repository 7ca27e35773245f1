package bench

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
	"github.com/edgelint/edgelint/internal/testsupport/gentree"
)

// Findings-heavy trees (issue 16): gen-nginx.py's tree, where under
// --nginx-version 1.22.1 every location is a finding (EL5001), so the
// findings pipeline after the rules (suppressions, fingerprints,
// duplicates) and the JSON report weigh as much as loading. The
// benchmarks run the whole command in process, as `edgelint check
// --format json --nginx-version 1.22.1 DIR` does.

// findingsLines are a quarter of the script's default tree and all of it
// (137,000 lines, 2,000 server blocks, 18,000 locations).
var findingsLines = []int{34250, 137000}

func findingsArgs(dir string) []string {
	return []string{"check", "--format", "json", "--nginx-version", "1.22.1", dir}
}

// check runs the command and returns its exit code; out receives the
// report.
func check(dir string, out io.Writer) int {
	var stderr bytes.Buffer
	return cli.Main(findingsArgs(dir), strings.NewReader(""), out, &stderr)
}

// BenchmarkFindings is the whole command at a quarter and at the full
// size: a linear pipeline takes about 4x as long on the big tree, with
// 4x the findings.
func BenchmarkFindings(b *testing.B) {
	for _, single := range []bool{false, true} {
		for _, lines := range findingsLines {
			name := fmt.Sprintf("tree/lines=%d", lines)
			if single {
				name = fmt.Sprintf("onefile/lines=%d", lines)
			}
			b.Run(name, func(b *testing.B) {
				t := tree(b, gentree.Options{Kind: gentree.NginxFindings, Lines: lines, SingleFile: single})
				var counter findingCounter
				if code := check(t.Dir, &counter); code != 1 {
					b.Fatalf("exit %d, want 1 (findings)", code)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					check(t.Dir, io.Discard)
				}
				report(b, t)
				b.ReportMetric(float64(counter.n), "findings")
			})
		}
	}
}

// findingCounter counts the findings of a JSON report as it is written
// (a key split between two writes is counted by keeping the tail).
type findingCounter struct {
	n    int
	tail []byte
}

func (c *findingCounter) Write(p []byte) (int, error) {
	key := []byte(`"rule": `)
	buf := append(c.tail, p...)
	c.n += bytes.Count(buf, key)
	// keep what could be the start of a key cut at the end
	c.tail = append(c.tail[:0], buf[max(0, len(buf)-len(key)+1):]...)
	return len(p), nil
}

// TestFindingsLinear checks that the memory the command allocates grows
// with the tree and its findings, not faster: 4x the tree and 4x the
// findings may allocate 4x the bytes and a little more, never the 16x
// of a step quadratic in findings. (Bytes allocated, not time: no timed
// assertion.)
func TestFindingsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and lints 43,000 lines")
	}
	alloc := func(lines int) (uint64, int) {
		tr, err := gentree.Generate(t.TempDir(), gentree.Options{Kind: gentree.NginxFindings, Lines: lines})
		if err != nil {
			t.Fatal(err)
		}
		check(tr.Dir, io.Discard) // warm: rule registry, regexps
		var counter findingCounter
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if code := check(tr.Dir, &counter); code != 1 {
			t.Fatalf("exit %d, want 1 (findings)", code)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, counter.n
	}
	// 125 and 500 server blocks (68 lines each, after the pools)
	smallLines, bigLines := 1012+68*125, 1012+68*500
	small, nSmall := alloc(smallLines)
	big, nBig := alloc(bigLines)
	if nSmall < 1000 || nBig < 4*nSmall {
		t.Fatalf("findings: %d at %d lines, %d at %d lines; want a finding per location", nSmall, smallLines, nBig, bigLines)
	}
	ratio := float64(big) / float64(small)
	t.Logf("allocated %d MB for %d findings, %d MB for %d findings: %.2fx", small>>20, nSmall, big>>20, nBig, ratio)
	if ratio > 5 {
		t.Errorf("4x the tree allocated %.1fx the memory (%d -> %d MB): something grows faster than the input", ratio, small>>20, big>>20)
	}
}
