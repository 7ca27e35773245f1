package sources

// adapters lists the source kinds in the order ties are broken.
var adapters = []Adapter{}
