package input

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Workdir keeps os.Getwd's answer only while it would be the same: after
// a change of directory (to a new one that may reuse a removed one's
// inode, or to the same one by another name in $PWD) it answers what
// os.Getwd answers.
func TestWorkdirFollowsGetwd(t *testing.T) {
	check := func(when string) {
		t.Helper()
		want, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second answer may come from the cache
			got, err := Workdir()
			if err != nil || got != want {
				t.Fatalf("%s: Workdir() = %q, %v; os.Getwd() = %q", when, got, err, want)
			}
		}
		if abs, err := Abs("x/../y"); err != nil || abs != filepath.Join(want, "y") {
			t.Fatalf("%s: Abs = %q, %v", when, abs, err)
		}
	}
	base := t.TempDir()
	t.Chdir(base)
	// os.Chdir leaves $PWD as it was, as a program that changes directory
	// does; only the directory itself tells the new one from the old.
	cd := func(dir string) {
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20 {
		// a new name each time, maybe with the removed directory's inode
		dir := filepath.Join(base, fmt.Sprintf("d%d", i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cd(dir)
		check("in " + dir)
		if err := os.Mkdir("sub", 0o755); err != nil {
			t.Fatal(err)
		}
		cd("sub")
		check("in " + dir + "/sub")
		cd(dir)
		if err := os.Remove("sub"); err != nil {
			t.Fatal(err)
		}
		cd(base)
		if err := os.Remove(dir); err != nil {
			t.Fatal(err)
		}
		check("back in " + base)
	}
	real := filepath.Join(base, "real")
	link := filepath.Join(base, "link")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks:", err)
	}
	t.Chdir(real)
	check("in the real directory")
	t.Setenv("PWD", link)
	check("with $PWD the link")
}
