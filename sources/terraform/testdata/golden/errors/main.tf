resource "cloudflare_record" "www" {
  zone_id = "0da42c8d2132a9ddaf714f9e7c920711"
  name    = "www"
  type    = "A"
  content = "192.0.2.1"
}

resource "cloudflare_record" "www" {
  zone_id = "0da42c8d2132a9ddaf714f9e7c920711"
  name    = "www2"
}
