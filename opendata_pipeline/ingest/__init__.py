"""Ingestion: raw snapshots (bytes kept as fetched + manifest) and readers to typed Parquet."""
