"""Personal-data detection and anonymization (no Dagster import)."""
