# Provider v4: origins blocks; a pool no load balancer of the module uses
# is still checked (its faults hold wherever it is used).

resource "cloudflare_zone" "main" {
  account_id = "a1"
  zone       = "example.com"
}

resource "cloudflare_load_balancer_pool" "primary" {
  account_id = "a1"
  name       = "primary"
  origins {
    name    = "public"
    address = "198.51.100.1"
  }
  origins { # want "origin loop of pool primary is 127.0.0.1, a loopback \\(127.0.0.0/8\\) address"
    name    = "loop"
    address = "127.0.0.1"
  }
  origins {
    name               = "vnet"
    address            = "192.168.4.4"
    virtual_network_id = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"
  }
}

resource "cloudflare_load_balancer_pool" "spare" {
  account_id = "a1"
  name       = "spare"
  origins { # want "origin corp of pool spare is app.corp.internal, a special-use name \\(.internal\\)"
    name    = "corp"
    address = "app.corp.internal"
  }
}

resource "cloudflare_load_balancer" "www" {
  zone_id          = cloudflare_zone.main.id
  name             = "www.example.com"
  proxied          = true
  default_pool_ids = [cloudflare_load_balancer_pool.primary.id]
  fallback_pool_id = cloudflare_load_balancer_pool.primary.id
}
