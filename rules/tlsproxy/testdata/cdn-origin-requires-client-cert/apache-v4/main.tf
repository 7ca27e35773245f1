resource "cloudflare_zone" "main" {
  account_id = "a1"
  zone       = "example.com"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl             = "full"
    tls_client_auth = "off"
  }
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www"
  type    = "A"
  value   = "198.51.100.10"
  proxied = true
}
