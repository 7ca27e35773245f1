package lint

import "testing"

func TestFirstPos(t *testing.T) {
	file := At("a.conf", 3, 0)
	res := AtResource("cloudflare:zone/example.com")
	for _, tc := range []struct {
		in   []Position
		want Position
	}{
		{nil, Position{}},
		{[]Position{{}, {}}, Position{}},
		{[]Position{file, res}, file},
		{[]Position{{}, res, file}, res},
		// A column alone says nothing.
		{[]Position{{Col: 4}, file}, file},
	} {
		if got := FirstPos(tc.in...); got != tc.want {
			t.Errorf("FirstPos(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
