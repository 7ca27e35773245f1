package nginx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
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

// BenchmarkGonginxLarge measures the optional gonginx view of the same file.
func BenchmarkGonginxLarge(b *testing.B) {
	entry := filepath.Join(corpusDir(b), gx+"large-config/nginx.conf")
	st, err := os.Stat(entry)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	for b.Loop() {
		cfgs, _ := Load(entry, input.Options{})
		if _, err := cfgs[0].Raw.(*Tree).Entry.Gonginx(); err != nil {
			b.Fatal(err)
		}
	}
}
