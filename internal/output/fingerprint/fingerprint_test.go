package fingerprint

import "testing"

func TestOf(t *testing.T) {
	a := Of("EL4001", "a.conf", "  proxy_read_timeout   5s; ", "upstream defined at nginx.conf:40:9")
	if b := Of("EL4001", "a.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:52:9"); a != b {
		t.Error("whitespace or a position in the message changed the fingerprint")
	}
	for _, other := range []string{
		Of("EL4002", "a.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "b.conf", "proxy_read_timeout 5s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "a.conf", "proxy_read_timeout 6s;", "upstream defined at nginx.conf:40:9"),
		Of("EL4001", "a.conf", "proxy_read_timeout 5s;", "upstream defined elsewhere"),
	} {
		if other == a {
			t.Error("different findings share a fingerprint")
		}
	}
}
