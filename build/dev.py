"""Set up a development environment and start the editor or run the tests.

    python3 build/dev.py run [FILE]    set everything up, start the editor on a bundled sample
    python3 build/dev.py test [ARGS]   set everything up, run the whole test suite (ARGS go to pytest)
    python3 build/dev.py build         set everything up, build the one-folder program into dist/jixiao,
                                       then run its console twin's self-test with a throw-away profile

It creates ``.venv`` beside the sources, installs the project with its test extra, and on
Debian/Ubuntu installs the system libraries Qt needs when they are missing and it runs as
root (otherwise it names them). Works the same on Windows with ``py build\\dev.py …``.
This is developer tooling: it shells out to apt-get and pip, which the product never does.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
DEFAULT_SAMPLE = ROOT / "resources" / "samples" / "hebei-luanping-2026-xinfang.jxmb"
# PyInstaller's work and output folders: outside build/, which holds sources (and git-ignored).
WORK = ROOT / ".pyinstaller"
DIST = ROOT / "dist"

# Qt's xcb and offscreen platforms, a CJK font, venv support, and binutils for PyInstaller.
DEBIAN_PACKAGES = [
    "python3-venv", "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
    "libglib2.0-0", "libdbus-1-3", "fonts-noto-cjk", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0",
    "libxcb-randr0", "libxcb-xkb1", "binutils",
]


def _missing_debian_packages() -> list[str]:
    missing = []
    for package in DEBIAN_PACKAGES:
        probe = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                               capture_output=True, text=True, check=False)
        if "install ok installed" not in probe.stdout:
            missing.append(package)
    return missing


def ensure_system_packages() -> None:
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None:
        return
    missing = _missing_debian_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("Missing system packages (install them as root, then run this again):\n"
                 f"  apt-get install {' '.join(missing)}")
    print(f"Installing system packages: {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    python = venv_python()
    if not python.exists():
        print("Creating .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / "installed.sha256"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("Installing the project and its test tools into .venv", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test,build]"], check=True)
        stamp.write_text(wanted)
    return python


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(python: Path) -> int:
    """Build dist/jixiao and smoke-test it: the frozen self-test must pass with a clean stderr."""
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--workpath", str(WORK), "--distpath", str(DIST), str(ROOT / "build" / "jixiao.spec")],
                   cwd=ROOT, check=True)
    folder = DIST / "jixiao"
    twin = folder / ("jixiao-cli.exe" if os.name == "nt" else "jixiao-cli")
    with tempfile.TemporaryDirectory(prefix="jixiao-profile-") as profile:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", JIXIAO_PROFILE=profile, HOME=profile, APPDATA=profile,
                   LOCALAPPDATA=profile, XDG_DATA_HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
        run = subprocess.run([str(twin), "selftest"], cwd=profile, env=env, capture_output=True,
                             text=True, encoding="utf-8", errors="replace", check=False)
    print(run.stdout, end="")
    unexpected = [line for line in run.stderr.splitlines() if line.strip()]
    for line in unexpected:
        print(f"unexpected stderr: {line}", file=sys.stderr)
    print(f"dist/jixiao: {folder_size(folder) / 1e6:.1f} MB")
    if run.returncode != 0 or unexpected:
        print(f"self-test failed (exit {run.returncode})", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "build"):
        print(__doc__)
        return 2
    ensure_system_packages()
    python = ensure_venv()
    if argv[0] == "run":
        target = argv[1] if len(argv) > 1 else str(DEFAULT_SAMPLE)
        return subprocess.run([str(python), "-m", "desktop", target], cwd=ROOT, check=False).returncode
    if argv[0] == "build":
        return build(python)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
