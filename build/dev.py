"""Set up a development environment and start the editor or run the tests.

    python3 build/dev.py run [FILE]    set everything up, start the editor on a bundled sample
    python3 build/dev.py test [ARGS]   set everything up, run the whole test suite (ARGS go to pytest)

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
DEFAULT_SAMPLE = ROOT / "resources" / "samples" / "hebei-luanping-2026-xinfang.jxmb"

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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_system_packages()
    python = ensure_venv()
    if argv[0] == "run":
        target = argv[1] if len(argv) > 1 else str(DEFAULT_SAMPLE)
        return subprocess.run([str(python), "-m", "desktop", target], cwd=ROOT, check=False).returncode
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
