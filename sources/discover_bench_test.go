package sources

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// walkFiles lists the files under dir as Load's walk does, for
// benchmarks of the examine step alone.
func walkFiles(tb testing.TB, dir string) []walked {
	var files []walked
	dirs := canonDirs{}
	err := filepath.WalkDir(dir, func(q string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		regular := d.Type().IsRegular()
		var canon string
		if regular {
			canon, err = dirs.file(q)
		} else {
			canon, err = input.Canonical(q)
		}
		if err != nil {
			return err
		}
		files = append(files, walked{path: q, canon: canon, under: dir, root: dir, regular: regular})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// BenchmarkExamine reads and sniffs every file of a directory
// (EDGELINT_EXAMINE_DIR, default gen-nginx.py's tree in /tmp/sb/gn),
// as discovery does before any tree is loaded.
func BenchmarkExamine(b *testing.B) {
	dir := os.Getenv("EDGELINT_EXAMINE_DIR")
	if dir == "" {
		dir = "/tmp/sb/gn"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skip(err)
	}
	files := walkFiles(b, dir)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		examineAll(files, "", input.DefaultLimits)
	}
}
