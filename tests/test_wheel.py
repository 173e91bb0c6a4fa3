"""The built wheel carries everything: installed into a fresh venv, it loads and tags offline from elsewhere."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True)
    return next(out.glob("vnunion_nlp-*.whl"))


def test_wheel_contains_data_and_models(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("vnunion_nlp/data/abbreviations.tsv", "vnunion_nlp/data/places.tsv", "vnunion_nlp/py.typed",
                   "vnunion_nlp/models/entities.crf", "vnunion_nlp/models/entities.card.json"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "data/entities")) for n in names)


def test_installed_wheel_runs_offline_from_another_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the dependencies come from the test environment (listed after the venv's own site-packages, so the
    # package itself is imported from the wheel installed below, never from the source tree)
    site_dir = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    parent = [p for p in sys.path if p.endswith("site-packages")]
    Path(site_dir, "zz_parent_env.pth").write_text("\n".join(parent) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall",
                    str(wheel)], check=True)
    code = ("import json, vnunion_nlp; "
            "d = vnunion_nlp.load()('Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị.', date='2025-02-14').to_dict(); "
            "print(json.dumps({'file': vnunion_nlp.__file__, 'doc': d}, ensure_ascii=False))")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(HF_HUB_OFFLINE="1", no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert str(venv) in result["file"]
    d = result["doc"]
    assert {"text", "date", "normalized", "abbreviations", "entities", "people", "activities"} <= set(d)
    assert ("13/02/2025", "2025-02-13") in [(e["text"], e["value"]) for e in d["entities"]]
    assert ("LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh") in [(e["text"], e["value"]) for e in d["entities"]]
