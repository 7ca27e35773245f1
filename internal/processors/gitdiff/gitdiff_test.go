package gitdiff

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestParse(t *testing.T) {
	root := t.TempDir()
	diff := `diff --git a/a.conf b/a.conf
index 1..2 100644
--- a/a.conf
+++ b/a.conf
@@ -3 +3 @@ http {
-    a;
+    b;
@@ -10,0 +11,2 @@
+    c;
+    d;
@@ -20,2 +21,0 @@
-    e;
-    f;
diff --git "a/we\"ird.conf" "b/we\"ird.conf"
--- "a/we\"ird.conf"
+++ "b/we\"ird.conf"
@@ -1 +1 @@
-x
+y
diff --git a/gone.conf b/gone.conf
--- a/gone.conf
+++ /dev/null
@@ -1 +0,0 @@
-x
`
	c := &Changes{files: map[string]map[int]bool{}}
	if err := c.parse(root, []byte(diff)); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(root, "a.conf")
	for line, want := range map[int]bool{2: false, 3: true, 4: false, 10: false, 11: true, 12: true, 13: false, 21: false, 22: true} {
		if got := c.Changed(lint.At(a, line, 0)); got != want {
			t.Errorf("a.conf:%d changed = %v", line, got)
		}
	}
	if !c.Changed(lint.At(filepath.Join(root, `we"ird.conf`), 1, 0)) {
		t.Error("quoted file name not read")
	}
	if c.Changed(lint.At(filepath.Join(root, "other.conf"), 1, 0)) || c.Changed(lint.AtResource("cloudflare:zone/x")) {
		t.Error("unchanged input reported as changed")
	}
	// a finding whose related position changed is kept
	kept := c.Filter([]lint.Finding{
		{RuleID: "A", Pos: lint.At(filepath.Join(root, "other.conf"), 1, 0), Related: []lint.Related{{Pos: lint.At(a, 3, 0)}}},
		{RuleID: "B", Pos: lint.At(filepath.Join(root, "other.conf"), 1, 0)},
	})
	if len(kept) != 1 || kept[0].RuleID != "A" {
		t.Errorf("kept %v", kept)
	}
}
