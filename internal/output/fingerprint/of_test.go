package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
)

// refOf is Of as first written: the fast paths must not change a
// fingerprint, or every baseline would go stale.
func refOf(ruleID, location, lineText, message string) string {
	h := sha256.New()
	for _, part := range []string{ruleID, location, strings.Join(strings.Fields(lineText), " "), positionRE.ReplaceAllString(message, "")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func TestOfUnchanged(t *testing.T) {
	alphabet := []string{"a", "1", "9", ":", " ", "\t", "\r", "\n", "\v", "\f", "\u0085", "\u00a0", "\u2003", "\u3000", "\xff", "é", "_", "-", ";", "x:1", ":12:5", "/"}
	rng := rand.New(rand.NewPCG(3, 4))
	str := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	cases := [][4]string{
		{"EL5001", "sites/a.conf", "  proxy_pass http://u1;", "pool u1 (a.conf:3:2) keeps no connections"},
		{"EL4001", "", "", "cloudflare:zone/x"},
		{"EL1", "f", "\t a \t b \r", "at f:12, f:12:5, f:x, :9a, a:"},
	}
	for range 5000 {
		cases = append(cases, [4]string{str(), str(), str(), str()})
	}
	for _, c := range cases {
		if got, want := Of(c[0], c[1], c[2], c[3]), refOf(c[0], c[1], c[2], c[3]); got != want {
			t.Fatalf("Of(%q) = %s, was %s", c, got, want)
		}
	}
}
