resource "cloudflare_zone" "main" {
  account_id = "a1"
  zone       = "example.com"
}

resource "cloudflare_record" "apex" {
  zone_id = cloudflare_zone.main.id
  name    = "@"
  type    = "A"
  value   = "198.51.100.10"
  proxied = true
}

resource "cloudflare_ruleset" "origin" {
  zone_id = cloudflare_zone.main.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules { # want "Origin Rule api's DNS record override sends requests to api.svc.cluster.local, a special-use name \\(.local\\)"
    ref        = "api"
    expression = "starts_with(http.request.uri.path, \"/api/\")"
    action     = "route"
    action_parameters {
      origin {
        host = "api.svc.cluster.local"
      }
    }
  }
}

resource "cloudflare_page_rule" "legacy" { # want "Page Rule example.com/legacy/\\*'s resolve override sends requests to 192.168.1.20, a private"
  zone_id = cloudflare_zone.main.id
  target  = "example.com/legacy/*"
  actions {
    resolve_override = "192.168.1.20"
  }
}
