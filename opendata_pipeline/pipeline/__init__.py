"""The per-dataset stages and the checks on clean data: the only layer that syncs zones."""
