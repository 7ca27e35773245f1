resource "cloudflare_record" "bad" {
  zone_id = "0da42c8d2132a9ddaf714f9e7c920711"
  name    = 
}
