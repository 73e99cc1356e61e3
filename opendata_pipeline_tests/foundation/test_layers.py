"""The layers, read from the imports: only storage/ and the stage layer (pipeline/) sync the
zones; engines take local paths and know nothing of Dagster or of the layers above them."""

from __future__ import annotations

import ast
from pathlib import Path

import opendata_pipeline

PACKAGE = Path(opendata_pipeline.__file__).parent
ENGINES = ("catalog", "ingest", "anonymize", "validate", "convert", "publish", "mobility", "alerts")
ABOVE_ENGINES = ("dagster", "opendata_pipeline.pipeline", "opendata_pipeline.cli",
                 "opendata_pipeline.defs")  # fmt: skip
ZONES = "opendata_pipeline.storage.zones"


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (`from a import b` counts as `a` and `a.b`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules() -> dict[Path, set[str]]:
    return {p.relative_to(PACKAGE): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _imports_any(imports: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in imports if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_only_storage_and_the_stage_layer_import_zones() -> None:
    modules = _modules()
    assert any(ZONES in imports for imports in modules.values()), "the scan sees the imports"
    outside = {
        str(path): _imports_any(imports, (ZONES,))
        for path, imports in modules.items()
        if path.parts[0] not in ("storage", "pipeline") and _imports_any(imports, (ZONES,))
    }
    assert outside == {}


def test_engines_import_neither_dagster_nor_the_layers_above_them() -> None:
    modules = _modules()
    assert {path.parts[0] for path in modules} >= set(ENGINES)
    assert any(_imports_any(i, ABOVE_ENGINES) for p, i in modules.items() if p.parts[0] == "defs")
    offending = {
        str(path): _imports_any(imports, ABOVE_ENGINES)
        for path, imports in modules.items()
        if path.parts[0] in ENGINES and _imports_any(imports, ABOVE_ENGINES)
    }
    assert offending == {}


def test_the_layout_engines_share_stays_a_pure_path_helper() -> None:
    """Engines (the catalogue loader's cache, atomic writes) import `storage.paths`: it must
    not pull storage or the stage layer in with it."""
    own = {m for m in _imports(PACKAGE / "storage" / "paths.py") if m.startswith("opendata_")}
    assert own == {"opendata_pipeline", "opendata_pipeline.settings"}
