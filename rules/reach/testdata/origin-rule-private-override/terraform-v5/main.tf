variable "backend" {
  type = string # known only at plan time
}

resource "cloudflare_zone" "main" {
  account = { id = "a1" }
  name    = "example.com"
}

resource "cloudflare_dns_record" "reports_backend" {
  zone_id = cloudflare_zone.main.id
  name    = "reports-backend"
  type    = "A"
  content = "10.20.0.8"
  proxied = false
  ttl     = 300
}

resource "cloudflare_ruleset" "origin" {
  zone_id = cloudflare_zone.main.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules = [
    { # want "Origin Rule reports's DNS record override sends requests to reports-backend.example.com, whose A record .* 10.20.0.8"
      ref               = "reports"
      expression        = "starts_with(http.request.uri.path, \"/reports/\")"
      action            = "route"
      action_parameters = { origin = { host = "reports-backend.example.com" } }
    },
    {
      ref               = "later"
      expression        = "starts_with(http.request.uri.path, \"/later/\")"
      action            = "route"
      action_parameters = { origin = { host = var.backend } }
    },
  ]
}
