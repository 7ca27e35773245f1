package sources

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/apache"
	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/nginx"
)

// adapters lists the source kinds in the order ties are broken.
var adapters = []Adapter{
	{Kind: lint.Nginx, Sniff: nginx.Sniff, Load: nginx.Load},
	{Kind: lint.Apache, Sniff: apache.Sniff, Load: apache.Load},
	{Kind: lint.Cloudflare, Sniff: cloudflare.Sniff, Load: cloudflare.Load},
}
