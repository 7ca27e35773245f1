package nginx

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// BenchmarkLoadLarge loads the corpus's 35,000-line NGINX Controller
// configuration (1.3 MB).
func BenchmarkLoadLarge(b *testing.B) {
	entry := filepath.Join(corpusDir(b), gx+"large-config/nginx.conf")
	st, err := os.Stat(entry)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		cfgs, errs := Load(entry, input.Options{})
		if len(errs) > 0 || len(cfgs) != 1 {
			b.Fatalf("errors: %v", errs)
		}
	}
}

// BenchmarkRetainedLarge reports the heap the loaded model of the same
// file keeps (after a GC): what a run holds while rules work.
func BenchmarkRetainedLarge(b *testing.B) {
	entry := filepath.Join(corpusDir(b), gx+"large-config/nginx.conf")
	if _, err := os.Stat(entry); err != nil {
		b.Skip(err)
	}
	var before, after runtime.MemStats
	var kept []*lint.Config
	for b.Loop() {
		kept = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		kept, _ = Load(entry, input.Options{})
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-kept")
	runtime.KeepAlive(kept)
}

// BenchmarkGonginxParseLarge is what reading the same file with gonginx's
// parser as well would add to each load (doc.go says why it is not used).
func BenchmarkGonginxParseLarge(b *testing.B) {
	entry := filepath.Join(corpusDir(b), gx+"large-config/nginx.conf")
	data, err := os.ReadFile(entry)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parser.NewStringParser(string(data), parser.WithSkipValidDirectivesErr()).Parse(); err != nil {
			b.Fatal(err)
		}
	}
}
