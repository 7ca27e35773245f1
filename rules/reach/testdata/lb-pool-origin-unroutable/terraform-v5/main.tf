# Provider v5: origins is a list of objects.

variable "account_id" {
  default = "a1"
}

variable "vnet" {
  type = string # known only at plan time: the origin may be private on purpose
}

resource "cloudflare_zone" "main" {
  account = { id = var.account_id }
  name    = "example.com"
}

resource "cloudflare_load_balancer_pool" "primary" {
  account_id = var.account_id
  name       = "primary"
  origins = [
    { name = "public", address = "198.51.100.1" },
    { name = "rfc1918", address = "10.0.3.12" }, # want "origin rfc1918 of pool primary is 10.0.3.12, a private \\(10.0.0.0/8\\) address"
    { name = "mdns", address = "app-1.local" }, # want "special-use name \\(.local\\).*1016"
    { name = "vnet", address = "10.0.3.13", virtual_network_id = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4" },
    { name = "vnet-later", address = "10.0.3.14", virtual_network_id = var.vnet },
    { name = "off", address = "10.0.3.15", enabled = false },
  ]
}

resource "cloudflare_load_balancer" "www" {
  zone_id       = cloudflare_zone.main.id
  name          = "www"
  proxied       = true
  default_pools = [cloudflare_load_balancer_pool.primary.id]
  fallback_pool = cloudflare_load_balancer_pool.primary.id
}
