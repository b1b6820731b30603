"""The package files that are not Python (the report's stylesheet and template, the page's stylesheet and
script, the turn models) are found through importlib.resources, in this checkout and in a built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {
    "interview_bot.report": ["templates/report.css", "templates/report.html.j2"],
    "interview_bot.webui": ["static/page.css", "static/page.js"],
}


def test_the_assets_are_package_files_and_in_use():
    from interview_bot.report.html import _CSS, _TEMPLATE
    from interview_bot.webui.assets import CSS, head

    for package, names in ASSETS.items():
        for name in names:
            assert files(package).joinpath(name).read_text(encoding="utf-8").strip(), f"{package}/{name}"
    assert "@page" in _CSS and "{{ lang }}" in _TEMPLATE
    assert ".gradio-container" in CSS
    script = head()
    assert script.startswith("<script>\n") and script.endswith("</script>") and "__WORDS__" not in script


@pytest.mark.slow  # builds the wheel (pip + hatchling) and imports it in a fresh interpreter
def test_an_installed_wheel_finds_its_assets(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
                   check=True, timeout=600)
    wheel = next((tmp_path / "dist").glob("interview_bot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for package, assets in ASSETS.items():
        for name in assets:
            assert f"{package.replace('.', '/')}/{name}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, timeout=600)
    probe = (
        "import interview_bot, sys\n"
        "from interview_bot.report.html import _CSS, _TEMPLATE\n"
        "from interview_bot.webui.assets import CSS, head\n"
        f"assert interview_bot.__file__.startswith({str(target)!r}), interview_bot.__file__\n"
        "assert _CSS and _TEMPLATE and CSS and head().startswith('<script>')\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
