package lint

import "testing"

func TestIsWebSocket(t *testing.T) {
	for _, tc := range []struct {
		headers []Header
		want    bool
	}{
		{nil, false},
		{[]Header{{Name: "Host", Value: "$host"}}, false},
		{[]Header{{Name: "Upgrade", Value: "$http_upgrade"}, {Name: "Connection", Value: "upgrade"}}, true},
		{[]Header{{Name: "upgrade", Value: "websocket"}}, true},
		// Connection: upgrade alone upgrades nothing.
		{[]Header{{Name: "Connection", Value: "upgrade"}}, false},
	} {
		if got := (&Route{Headers: tc.headers}).IsWebSocket(); got != tc.want {
			t.Errorf("IsWebSocket(%v) = %v, want %v", tc.headers, got, tc.want)
		}
	}
}
