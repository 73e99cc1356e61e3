"""Official Table Schemas bundled with the pipeline (see PROVENANCE.md)."""
