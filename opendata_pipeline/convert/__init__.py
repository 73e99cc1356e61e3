"""Conversion of clean Parquet to the published formats and the DuckDB warehouse."""
