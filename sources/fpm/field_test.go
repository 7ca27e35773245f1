package fpm_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// Every PHP-FPM file of the field corpus (../shared/field, files.tsv
// format php-fpm: pools and main configurations from 23 repositories)
// loads as PHP-FPM — never as nginx or Apache — without an error, and
// each template among them is left out with the template notice. A file
// of comments only (a placeholder) is no configuration at all.
func TestFieldFiles(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "field"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "files.tsv"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the field corpus is missing in CI: %v", err)
		}
		t.Skipf("the field corpus is not at %s: %v", dir, err)
	}
	defer f.Close()
	t.Chdir(dir)
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 8 || cols[7] != "php-fpm" {
			continue
		}
		n++
		path, template := cols[1], cols[6] == "yes"
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if commentsOnly(data) {
				return
			}
			var notices []lint.Notice
			res := sources.Load([]string{path}, "", input.Options{Notify: func(n lint.Notice) { notices = append(notices, n) }})
			for _, e := range res.Errors {
				t.Errorf("load error: %v", e)
			}
			if template {
				if len(notices) == 0 || !strings.Contains(notices[0].Message, "lint the rendered file") {
					t.Errorf("template without the template notice: notices %v", notices)
				}
				return
			}
			if len(res.Configs) != 1 || res.Configs[0].Source != lint.PHPFPM {
				for _, c := range res.Configs {
					t.Errorf("loaded as %s: %s", c.Source, c.Root)
				}
				t.Fatalf("want one PHP-FPM configuration, got %d", len(res.Configs))
			}
		})
	}
	if n < 35 {
		t.Errorf("%d PHP-FPM files in files.tsv, want the corpus's 35", n)
	}
}

func commentsOnly(data []byte) bool {
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && l[0] != ';' {
			return false
		}
	}
	return true
}
