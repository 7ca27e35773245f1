resource "cloudflare_zone" "main" {
  account_id = "a1"
  zone       = "example.com"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl = "strict"
  }
}

resource "cloudflare_record" "app" {
  zone_id = cloudflare_zone.main.id
  name    = "app"
  type    = "A"
  value   = "198.51.100.10"
  proxied = true
}

resource "cloudflare_authenticated_origin_pulls" "app" {
  zone_id                                = cloudflare_zone.main.id
  hostname                               = "app.example.com"
  authenticated_origin_pulls_certificate = "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"
  enabled                                = true
}
