package timeouts

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
)

// The CDN's default read timeout is an option: a longer one silences the
// finding, a shorter one (the 524 page's 100 s) adds the 120 s route.
func TestReadTimeoutDefaultOption(t *testing.T) {
	dir := filepath.Join("testdata", CDNReadTimeoutShorter.Name, "default")
	for _, tc := range []struct {
		def  time.Duration
		want []string
	}{
		{400 * time.Second, nil},
		{120 * time.Second, []string{"proxy_read_timeout 300s"}},
		{100 * time.Second, []string{"proxy_read_timeout 120s", "proxy_read_timeout 300s"}},
	} {
		fs, errs := ruletest.Check(CDNReadTimeoutShorter, []string{dir}, ruletest.Options{Rule: &CDNReadTimeoutOptions{Default: tc.def}})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.Message[:strings.Index(f.Message, " at the origin")])
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("default %v: got %q, want %q", tc.def, got, tc.want)
		}
	}
}
