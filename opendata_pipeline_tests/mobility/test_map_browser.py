"""The HTML map rendered once in headless Chromium, offline: no script error, markers drawn.

Needs Debian's `chromium` (/usr/bin/chromium). Name resolution is disabled and a dead
loopback proxy is set, so the page gets no network at all: the tiles fail, the rest must work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest

from opendata_pipeline.mobility.maps import build_map

CHROMIUM = Path("/usr/bin/chromium")

# Test probe: collects uncaught errors, then writes them into the DOM after `load`.
ERROR_HOOK = (
    "<script>window.__errors=[];window.addEventListener('error',function(e){"
    "window.__errors.push(String(e.message));});</script>"
)
ERROR_DUMP = (
    "<script>window.addEventListener('load',function(){setTimeout(function(){"
    "var d=document.createElement('pre');d.id='js-errors';"
    "d.textContent=JSON.stringify(window.__errors);document.body.appendChild(d);},0);});"
    "</script>"
)


@pytest.mark.e2e
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium absent (Debian package `chromium`)"
)
def test_map_renders_in_chromium_without_script_error(tmp_path: Path, parking: pa.Table) -> None:
    result = build_map(parking, tmp_path / "map.html")
    html = result.path.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(
        html.replace("<head>", "<head>" + ERROR_HOOK, 1).replace("</body>", ERROR_DUMP + "</body>"),
        encoding="utf-8",
    )
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        probe.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    errors = re.search(r'<pre id="js-errors">(.*?)</pre>', dom, re.S)
    assert errors, "page did not finish loading"
    assert errors.group(1) == "[]", errors.group(1)
    drawn = re.findall(r'<path class="mobility-marker mobility-(\w+)[^"]*"[^>]*fill="(#\w+)"', dom)
    assert len(drawn) == 24
    by_class: dict[str, int] = {}
    for klass, _colour in drawn:
        by_class[klass] = by_class.get(klass, 0) + 1
    assert by_class == {"faible": 8, "moyenne": 12, "forte": 3, "complet": 1}
    assert {colour for klass, colour in drawn if klass == "complet"} == {"#b71c1c"}
    assert 'id="mobility-legend"' in dom
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
