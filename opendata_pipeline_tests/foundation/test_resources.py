"""Configuration as Dagster resources: visible in the definitions, secrets unresolved, a run's
resource configuration is what the engines use, and a service configured without what it needs
fails at load naming the variable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.definitions import defs
from opendata_pipeline.defs.resources import DataZones, PipelineSettings, pipeline_settings
from opendata_pipeline.settings import ConfigurationError

DATASET = "parkings-ouvrages"
PARTITION = "2026-11-28"
PACKAGE = Path(__file__).resolve().parents[2] / "opendata_pipeline"


def test_missing_credentials_fail_the_load_naming_the_variable(
    opendata_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HERAULT_DATA_URL", "https://data.herault.fr/api/explore/v2.1")
    monkeypatch.delenv("HERAULT_DATA_API_KEY", raising=False)
    with pytest.raises(Exception, match=r"resources\.py") as raised:
        defs()
    cause = raised.value.__cause__  # what `dagster dev` and the UI print under the load error
    assert isinstance(cause, ConfigurationError)
    assert "HERAULT_DATA_API_KEY (required when HERAULT_DATA_URL is set)" in str(cause)
    monkeypatch.setenv("HERAULT_DATA_API_KEY", "k-123-secret")
    assert defs().resources["settings"] is not None


def test_a_catalogue_that_pseudonymizes_needs_the_key_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opendata_pipeline.catalog.loader import BUNDLED_CATALOG_DIR

    folder = tmp_path / "catalog"
    folder.mkdir()
    entry = (BUNDLED_CATALOG_DIR / "annuaire-associations.yaml").read_text(encoding="utf-8")
    assert "Mail_Asso: redact" in entry
    (folder / "annuaire.yaml").write_text(
        entry.replace("Mail_Asso: redact", "Mail_Asso: pseudonymize"), encoding="utf-8"
    )
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.delenv("OPENDATA_PSEUDONYMIZATION_KEY", raising=False)
    with pytest.raises(Exception, match="OPENDATA_PSEUDONYMIZATION_KEY"):
        pipeline_settings()
    monkeypatch.setenv("OPENDATA_PSEUDONYMIZATION_KEY", "a-long-secret")
    assert pipeline_settings().pseudonymization.key == "OPENDATA_PSEUDONYMIZATION_KEY"


def test_the_ui_shows_configuration_and_only_the_names_of_secrets(
    opendata_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENDATA_DUCKDB_MEMORY", "768MB")
    monkeypatch.setenv("HERAULT_DATA_URL", "https://data.herault.fr")
    monkeypatch.setenv("HERAULT_DATA_API_KEY", "k-123-secret")
    resource = defs().resources["settings"]
    assert isinstance(resource, PipelineSettings)
    # what the UI lists: each variable by name, resolved only when a run starts
    assert resource.duckdb.memory_limit == dg.EnvVar("OPENDATA_DUCKDB_MEMORY")
    assert resource.herault_data.api_key == dg.EnvVar("HERAULT_DATA_API_KEY")
    assert resource.montpellier_portal.url is None  # unset: the outbox publishes
    assert "k-123-secret" not in repr(resource)
    with resource.process_config_and_initialize_cm() as resolved:
        built = resolved.build()
    assert built.duckdb_memory == "768MB"
    assert built.portals["HERAULT_DATA_API_KEY"] == "k-123-secret"
    assert "k-123-secret" not in repr(built)


def test_a_run_uses_its_resource_configuration(
    opendata_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENDATA_CATALOG_DIR", raising=False)
    from opendata_pipeline.defs.datasets import defs as dataset_defs

    elsewhere = tmp_path / "zones-from-resource"
    configured = pipeline_settings()
    resource = PipelineSettings(**{**dict(configured), "zones": DataZones(home=str(elsewhere))})
    location = dg.Definitions.merge(
        dataset_defs(), dg.Definitions(resources={"settings": resource})
    )
    result = location.resolve_implicit_global_asset_job_def().execute_in_process(
        partition_key=PARTITION,
        instance=dg.DagsterInstance.ephemeral(),
        asset_selection=[dg.AssetKey(["raw", DATASET]), dg.AssetKey(["clean", DATASET])],
    )
    assert result.success
    assert (elsewhere / "clean" / DATASET / f"{PARTITION}.parquet").is_file()
    assert not (opendata_home / "clean" / DATASET).exists()


def test_engines_read_no_environment_variable() -> None:
    """Only `settings.py`, `defs/` and the command line read the environment."""
    allowed = {"settings.py", "cli.py", "run.py"}
    found = subprocess.run(
        ["grep", "-rln", "-e", "os.environ", "-e", "getenv", str(PACKAGE), "--include=*.py"],
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    readers = [Path(p).relative_to(PACKAGE) for p in found]
    assert readers, "the settings module reads the environment"
    assert [p for p in readers if p.parts[0] != "defs" and p.name not in allowed] == []
