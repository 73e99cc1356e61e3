"""The production profile (`deploy/dagster.production.yaml`) on a real PostgreSQL server."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest
import yaml

from opendata_pipeline_tests.production.availability import missing
from opendata_pipeline_tests.production.postgres_server import PostgresServer

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "deploy" / "dagster.production.yaml"
CATALOG = REPO / "opendata_pipeline" / "catalog" / "datasets"
DATASET = "budget-primitif-2014"
PARTITION = "2026-11-02"
ZONES = ("raw", "clean", "published")
K8S_ENV = {
    "DAGSTER_K8S_INSTANCE_CONFIG_MAP": "dagster-instance",
    "DAGSTER_K8S_NAMESPACE": "opendata",
    "DAGSTER_K8S_SERVICE_ACCOUNT": "dagster",
    "DAGSTER_K8S_PG_PASSWORD_SECRET": "dagster-postgresql-secret",
}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: test, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: test, user: {token: test}}]
contexts: [{name: test, context: {cluster: test, user: test}}]
current-context: test
"""


@pytest.fixture
def production_env(postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment a production pod gets: DAGSTER_PG_* and the Kubernetes names."""
    env = {**postgres.env(), **K8S_ENV}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def production_home(tmp_path: Path, production_env: dict[str, str]) -> Path:
    """A DAGSTER_HOME holding the production profile verbatim, its PostgreSQL tables emptied."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROFILE, home / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(home))
    instance.wipe()
    instance.dispose()
    return home


def test_profile_loads_as_a_postgres_kubernetes_instance(
    production_home: Path, tmp_path: Path
) -> None:
    if importlib.util.find_spec("dagster_k8s") is None:
        missing("Python package dagster-k8s is not installed (the profile's run launcher)")
    from dagster_k8s import K8sRunLauncher
    from dagster_postgres import (
        PostgresEventLogStorage,
        PostgresRunStorage,
        PostgresScheduleStorage,
    )

    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG)
    profile = yaml.safe_load(PROFILE.read_text())
    # outside a cluster: the same launcher config, credentials from a kubeconfig file instead
    launcher = profile["run_launcher"]["config"]
    launcher.update(load_incluster_config=False, kubeconfig_file=str(kubeconfig))
    (production_home / "dagster.yaml").write_text(yaml.safe_dump(profile))

    instance = dg.DagsterInstance.from_config(str(production_home))
    try:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert instance.run_coordinator.__class__.__name__ == "QueuedRunCoordinator"
        assert isinstance(instance.run_launcher, K8sRunLauncher)
        assert instance.run_launcher.job_namespace == "opendata"
        assert instance.run_launcher.instance_config_map == "dagster-instance"
        assert instance.run_launcher.postgres_password_secret == "dagster-postgresql-secret"
        concurrency = instance.get_concurrency_config()
        assert concurrency.pool_config.default_pool_limit == 1
        assert concurrency.run_queue_config is not None
        assert concurrency.run_queue_config.max_concurrent_runs == 10
        assert instance.run_monitoring_enabled
        assert instance.run_retries_enabled
    finally:
        instance.dispose()


def test_profile_rejects_a_missing_database_variable(
    production_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAGSTER_PG_HOST")
    with pytest.raises(Exception, match="DAGSTER_PG_HOST"):
        dg.DagsterInstance.from_config(str(production_home))


def test_materialization_events_are_stored_in_postgresql(
    production_home: Path,
    production_env: dict[str, str],
    opendata_home: Path,
    tmp_path: Path,
    postgres: PostgresServer,
) -> None:
    """`dagster asset materialize` on the production instance; read back from PostgreSQL."""
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    shutil.copyfile(CATALOG / f"{DATASET}.yaml", catalog / f"{DATASET}.yaml")
    env = {
        **os.environ,
        **production_env,
        "DAGSTER_HOME": str(production_home),
        "OPENDATA_HOME": str(opendata_home),
        "OPENDATA_CATALOG_DIR": str(catalog),
    }
    keys = [f"{zone}/{DATASET}" for zone in ZONES]
    command = [
        str(Path(sys.executable).parent / "dagster"),
        "asset", "materialize", "-m", "opendata_pipeline.definitions",
        "--select", ",".join(keys), "--partition", PARTITION,
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]

    instance = dg.DagsterInstance.from_config(str(production_home))
    try:
        published = instance.get_latest_materialization_event(dg.AssetKey(["published", DATASET]))
        clean = instance.get_latest_materialization_event(dg.AssetKey(["clean", DATASET]))
        assert published is not None and clean is not None
        published_meta = published.asset_materialization.metadata  # type: ignore[union-attr]
        clean_meta = clean.asset_materialization.metadata  # type: ignore[union-attr]
        rows = published_meta["dagster/row_count"].value
        assert isinstance(rows, int) and rows > 0
        assert clean_meta["dagster/row_count"].value == rows
        assert clean.asset_materialization.partition == PARTITION  # type: ignore[union-attr]
        # the file the event describes holds that many rows
        parquet = opendata_home / "published" / DATASET / f"{DATASET}.parquet"
        assert pq.read_metadata(parquet).num_rows == rows

        runs = instance.get_runs()
        assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey(["clean", DATASET]), "rows_present")]
        )
        execution = check[dg.AssetCheckKey(dg.AssetKey(["clean", DATASET]), "rows_present")]
        assert execution.status.value == "SUCCEEDED"
    finally:
        instance.dispose()

    # the same rows straight from PostgreSQL: the events really live on the server
    import psycopg2  # type: ignore[import-untyped]

    connection = psycopg2.connect(
        host=postgres.host, port=postgres.port, user=postgres.user, dbname=postgres.database
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT asset_key FROM event_logs WHERE dagster_event_type = "
                "'ASSET_MATERIALIZATION' ORDER BY id"
            )
            stored = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    assert stored == [dg.AssetKey([zone, DATASET]).to_string() for zone in ZONES]
