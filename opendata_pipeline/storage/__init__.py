"""Where data lives: the local layout, the object-store zones, DuckDB connections."""
