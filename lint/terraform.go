package lint

// Terraform is the kind of the source that reads Terraform modules
// (sources/terraform). The zones it reads are Cloudflare's: their Config's
// Source is Cloudflare, so the Cloudflare and cross-layer rules run on
// them as on a snapshot.
const Terraform SourceKind = "terraform"
