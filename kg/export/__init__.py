"""Writers of a built graph: RDF, tables, the interactive HTML view."""
