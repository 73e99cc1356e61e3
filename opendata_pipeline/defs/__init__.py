"""Dagster wiring: every module here is loaded by `load_from_defs_folder`."""
