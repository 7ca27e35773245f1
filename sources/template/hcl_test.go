package template

import "testing"

// Go fmt verbs mark a .tf file as a provider test fixture, wherever
// Terraform would read them; HCL's own interpolation, format()'s verbs,
// URL escapes and comments do not.
func TestHCLGoFmtVerbs(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      string // the token, "" for none
	}{
		{"label", "resource \"cloudflare_record\" \"%[1]s\" {\n  zone_id = \"%[2]s\"\n}\n", "%[1]s"},
		{"plain verb", "resource \"cloudflare_argo\" \"%s\" {\n  zone_id = \"%s\"\n}\n", "%s"},
		{"bare verb", "resource \"x\" \"y\" {\n  proxied = %[3]t\n}\n", "%[3]t"},
		{"heredoc", "resource \"x\" \"y\" {\n  certificate = <<EOT\n%s\nEOT\n}\n", "%s"},
		{"heredoc marker glued", "resource \"x\" \"y\" {\n  key = <<-EOT\n%sEOT\n  EOT\n}\n", "%s"},
		{"interpolation", "resource \"x\" \"y\" {\n  name = \"${var.prefix}-www\"\n  v = \"%{ if var.on }on%{ endif }\"\n}\n", ""},
		{"format", "locals {\n  a = format(\"%s-%s\", var.x, var.y)\n  b = formatlist(\"%d\", [1])\n  c = \"${format(\"%s.example.com\", var.z)}\"\n}\n", ""},
		{"url escapes", "resource \"x\" \"y\" {\n  url = \"https://example.com/a%2Fb?x=%3D%da\"\n}\n", ""},
		{"modulo", "locals {\n  even = count.index % 2 == 0\n}\n", ""},
		{"comments", "# resource \"x\" \"%s\"\n// zone_id = \"%[1]s\"\n/* %s */\nresource \"x\" \"y\" {}\n", ""},
		{"escaped percent", "locals {\n  a = \"100%%sure\"\n}\n", ""},
		{"after format", "locals {\n  a = format(\"%s\", \"x\")\n  b = \"%s\"\n}\n", "%s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := Detect("main.tf", []byte(c.src), HCL)
			switch {
			case c.want == "" && m != nil:
				t.Errorf("template %s (%s)", m.Reason(), m.Token)
			case c.want != "" && m == nil:
				t.Errorf("not a template, want %s", c.want)
			case c.want != "" && m.Token != c.want:
				t.Errorf("token %q, want %q", m.Token, c.want)
			}
		})
	}
}
