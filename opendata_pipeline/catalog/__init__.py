"""The dataset catalogue: one YAML file per dataset, validated into `DatasetEntry` objects."""

from opendata_pipeline.catalog.loader import Catalog, CatalogError, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry

__all__ = ["Catalog", "CatalogError", "DatasetEntry", "load_catalog"]
