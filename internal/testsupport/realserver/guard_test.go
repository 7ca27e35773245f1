package realserver

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every test finds nginx, apache2 (and its modules), php-fpm, pre-commit
// and script(1) through this package, so CI=true turns a missing one
// into a failure everywhere: no test looks a program up itself or skips
// because one "is not installed".
func TestEveryProgramGoesThroughTheSwitch(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	own, _ := filepath.Abs(".")
	const programs = `(nginx|apache2|httpd|php-fpm[0-9.]*|pre-commit|script|[Aa]pache|mod_)`
	bad := regexp.MustCompile(`exec\.(LookPath|Command(Context)?)\((ctx, )?"(/usr/sbin/)?` + programs + `"|Skip(f)?\(.*` + programs + `.*(not installed|not found)`)
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == own || (p != root && strings.HasPrefix(d.Name(), ".")) || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if bad.MatchString(line) {
				rel, _ := filepath.Rel(root, p)
				t.Errorf("%s:%d: find programs with realserver.Binary (or Nginx, Apache2, ApacheModule, PHPFPM): %s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
