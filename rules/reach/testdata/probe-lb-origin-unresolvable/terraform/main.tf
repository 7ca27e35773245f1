resource "cloudflare_zone" "main" {
  account = { id = "a1" }
  name    = "example.com"
}

resource "cloudflare_load_balancer_pool" "primary" {
  account_id = "a1"
  name       = "primary"
  origins = [
    { name = "ok", address = "origin.example.net" },
    { name = "gone", address = "gone.example.net" }, # want "origin gone of pool primary is gone.example.net, which does not resolve"
  ]
}

resource "cloudflare_load_balancer" "www" {
  zone_id       = cloudflare_zone.main.id
  name          = "www"
  proxied       = true
  default_pools = [cloudflare_load_balancer_pool.primary.id]
  fallback_pool = cloudflare_load_balancer_pool.primary.id
}
