"""The packaging inputs stay consistent with the sources."""

import ast
import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import desktop

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_lives_in_desktop_init_only():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "desktop.__version__"}
    assert _dev().version() == desktop.__version__
    assert "from desktop import __version__ as VERSION" in (ROOT / "build" / "jixiao.spec").read_text(encoding="utf-8")


def test_pyinstaller_output_stays_out_of_the_build_sources():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/dist/" in ignored and "/.pyinstaller/" in ignored
    spec = (ROOT / "build" / "jixiao.spec").read_text(encoding="utf-8")
    assert "upx=False" in spec
    dev = (ROOT / "build" / "dev.py").read_text(encoding="utf-8")
    assert '"--workpath", str(WORK)' in dev and 'WORK = ROOT / ".pyinstaller"' in dev


def _dev():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("jixiao_dev", ROOT / "build" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_py_says_plainly_that_python_3_11_is_needed_and_old_pythons_reach_that_check():
    dev = _dev()
    message = dev.python_problem((3, 10, 12))
    assert "Python 3.11 or newer is needed; this is Python 3.10.12" in message
    assert dev.python_problem((3, 11, 0)) is None and dev.python_problem((3, 13, 1)) is None
    ast.parse((ROOT / "build" / "dev.py").read_text(encoding="utf-8"), feature_version=(3, 7))


def test_the_build_gets_debians_python_shared_library(monkeypatch):
    """PyInstaller needs libpython3.X.so, which Debian's python3 does not pull in."""
    dev = _dev()
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    wanted = f"libpython{sys.version_info[0]}.{sys.version_info[1]}"
    assert wanted in dev.debian_packages()
    monkeypatch.setattr(sys, "base_prefix", "/opt/python")       # a Python with its own shared library
    assert wanted not in dev.debian_packages()


def test_a_non_root_user_gets_one_apt_get_line_naming_every_missing_package(monkeypatch):
    dev = _dev()
    monkeypatch.setattr(dev.sys, "platform", "linux")
    monkeypatch.setattr(dev.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(dev, "_missing_debian_packages", lambda: ["libegl1", "libpython3.11", "binutils"])
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000, raising=False)
    with pytest.raises(dev.StepFailed) as failed:
        dev.ensure_system_packages()
    lines = str(failed.value).splitlines()
    assert lines[-1] == "  apt-get update && apt-get install -y --no-install-recommends libegl1 libpython3.11 binutils"
    assert sum("apt-get install" in line for line in lines) == 1


def test_a_pip_failure_is_one_line_with_a_proxy_and_a_mirror_to_try(monkeypatch, tmp_path):
    dev = _dev()
    retries = "".join(f"WARNING: Retrying (Retry(total={n}…)) after connection broken\n" for n in range(30))
    monkeypatch.setattr(dev, "PIP_LOG", tmp_path / "pip-error.log")
    monkeypatch.setattr(dev.subprocess, "run", lambda *args, **kwargs: subprocess.CompletedProcess(
        args, 1, stdout="", stderr=retries + "ERROR: No matching distribution found for PySide6-Essentials\n"))
    with pytest.raises(dev.StepFailed) as failed:
        dev._pip(Path("python"), "install", "x")
    message = str(failed.value)
    assert "\n" not in message and "pip could not install" in message
    assert "HTTPS_PROXY" in message and "PIP_INDEX_URL=" in message
    assert "No matching distribution" in (tmp_path / "pip-error.log").read_text(encoding="utf-8")


def test_a_failed_step_prints_one_line_and_no_traceback():
    done = subprocess.run([sys.executable, str(ROOT / "build" / "dev.py"), "notes", "v0.0.0-wrong"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("dev.py: the tag v0.0.0-wrong does not match the version")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_run_without_a_display_says_a_display_is_needed():
    dev = _dev()
    if not sys.platform.startswith("linux"):
        assert dev.display_problem({}) is None
        return
    assert "needs a display" in dev.display_problem({})
    assert dev.display_problem({"DISPLAY": ":0"}) is None
    assert dev.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert dev.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_test_and_build_install_only_their_own_tools():
    """PyInstaller comes with `build`, not with the test tools."""
    dev = _dev()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert dev.EXTRAS == {"run": (), "test": ("test",), "build": ("build",)}
    assert not any(name.lower().startswith("pyinstaller") for name in extras["test"])
    assert any(name.lower().startswith("pyinstaller") for name in extras["build"])


def test_the_zip_holds_one_folder_named_for_the_version(tmp_path):
    dev = _dev()
    folder = tmp_path / "jixiao"
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / "jixiao-cli.exe").write_bytes(b"MZ")
    (folder / "_internal" / "resources" / "规则.json").write_text("{}", encoding="utf-8")
    target = tmp_path / f"jixiao-{desktop.__version__}.zip"
    dev.make_zip(folder, target)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == [f"jixiao-{desktop.__version__}/_internal/resources/规则.json",
                                              f"jixiao-{desktop.__version__}/jixiao-cli.exe"]


def test_the_program_has_one_entry_point_above_both_layers():
    """desktop/ never names ui/ in code; the frozen programs and the scripts start ui/__main__.py."""
    for path in (ROOT / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name == "ui" or name.startswith("ui.") for name in names), path
        assert "importlib" not in path.read_text(encoding="utf-8"), path
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"jixiao-cli": "ui.__main__:main"}
    assert project["gui-scripts"] == {"jixiao": "ui.__main__:main"}
    assert "from ui.__main__ import main" in (ROOT / "build" / "launcher.py").read_text(encoding="utf-8")
    assert "collect_submodules" not in (ROOT / "build" / "jixiao.spec").read_text(encoding="utf-8")


WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def _zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    """zizmor (from PyPI, a test tool) audits GitHub Actions workflows offline: schema, pinning,
    permissions, template injection, leaked credentials."""
    scripts = Path(sysconfig.get_path("scripts"))
    program = shutil.which("zizmor", path=str(scripts)) or shutil.which("zizmor")
    assert program, "zizmor is missing: it comes with the test tools (pip install -e .[test])"
    return subprocess.run([program, "--offline", str(target)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=120)


def test_the_release_workflow_passes_its_linter():
    done = _zizmor(WORKFLOW.parent)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_linter_refuses_a_broken_workflow(tmp_path):
    """The lint above can fail: a misspelt key and an unpinned action are both refused."""
    broken = tmp_path / ".github" / "workflows"
    broken.mkdir(parents=True)
    (broken / "a.yml").write_text("on: push\njobs:\n  a:\n    runs-on: windows-latest\n    stepz: []\n",
                                  encoding="utf-8")
    assert _zizmor(broken / "a.yml").returncode != 0
    (broken / "a.yml").write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: windows-latest\n"
                                  "    steps:\n      - uses: someone/action@main\n", encoding="utf-8")
    assert _zizmor(broken / "a.yml").returncode != 0


def test_the_workflow_runs_the_readmes_commands_on_windows_and_releases_tags():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (r"py build\dev.py test", r"py build\dev.py build"):
        assert f"run: {command}\n" in workflow
        assert command in readme
    assert "runs-on: windows-latest" in workflow and 'python-version: "3.12"' in workflow
    assert 'tags: ["v*"]' in workflow and "branches:" in workflow
    assert "jixiao-cli.exe\" selftest" in workflow
    assert "path: dist/jixiao-${{ steps.version.outputs.version }}.zip" in workflow
    assert 'build/dev.py notes "$TAG"' in workflow and "gh release create" in workflow


def test_the_changelog_has_a_section_for_the_version_that_becomes_the_release_notes():
    dev = _dev()
    notes = dev.release_notes(f"v{desktop.__version__}")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert notes.strip() and notes.strip() in changelog and "## " not in notes
    first = next(line for line in changelog.splitlines() if line.startswith("## "))
    assert first.split()[1] == desktop.__version__, "the newest CHANGELOG.md section is not the current version"
    with pytest.raises(dev.StepFailed):
        dev.release_notes("v999.0.0")


def test_the_readme_names_the_debian_packages_dev_py_installs(monkeypatch):
    dev = _dev()
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(sys, "version_info", (3, 11, 2, "final", 0))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("      python3-venv"):]
    listed = " ".join(line.strip() for line in block.split("\n\n")[0].splitlines()).split()
    assert listed == dev.debian_packages()
