# The zone is another module's: its AOP settings may be set there.
data "cloudflare_zone" "main" {
  filter = { name = "example.com" }
}

resource "cloudflare_dns_record" "app" {
  zone_id = data.cloudflare_zone.main.zone_id
  name    = "app.example.com"
  type    = "A"
  content = "198.51.100.10"
  proxied = true
  ttl     = 1
}
