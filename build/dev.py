"""Set up a development environment, then start the editor, run the tests or build the program.

    python3 build/dev.py run [FILE]    set up, start the editor on a bundled sample (needs a display)
    python3 build/dev.py test [ARGS]   set up, run the whole test suite (ARGS go to pytest)
    python3 build/dev.py build         set up, build the one-folder program into dist/jixiao, run its
                                       console twin's self-test with a throw-away profile, and zip it
                                       as dist/jixiao-<version>.zip
    python3 build/dev.py version       print the program's version
    python3 build/dev.py notes TAG     print CHANGELOG.md's section for TAG (vX.Y.Z), the release notes

It needs Python 3.11 or newer. It creates ``.venv`` beside the sources and installs the project
with the tools each command needs (the test tools for ``test``, PyInstaller for ``build``). On
Debian/Ubuntu it installs the system libraries Qt and PyInstaller need when they are missing and
it runs as root, and otherwise prints the one ``apt-get install`` line to run. Works the same on
Windows with ``py build\\dev.py …``. This is developer tooling: it shells out to apt-get and pip,
which the product never does. A step that fails says so in one line, with what to try.
"""

# This file must stay readable by old Pythons (3.7 and newer) so that they reach the version check.
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
DEFAULT_SAMPLE = ROOT / "resources" / "samples" / "hebei-luanping-2026-xinfang.jxmb"
# PyInstaller's work and output folders: outside build/, which holds sources (and git-ignored).
WORK = ROOT / ".pyinstaller"
DIST = ROOT / "dist"
PIP_LOG = VENV / "pip-error.log"
NEEDED_PYTHON = (3, 11)

# Debian/Ubuntu packages, all named at once so that a non-root user runs one apt-get line:
# venv support; the libraries Qt's offscreen and xcb (real window) platforms load; a CJK font;
# binutils (objdump, strip) for PyInstaller.
DEBIAN_PACKAGES = [
    "python3-venv", "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
    "libglib2.0-0", "libdbus-1-3", "fonts-noto-cjk", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0",
    "libxcb-randr0", "libxcb-xkb1", "binutils",
]

# What each command installs into .venv: the project and these extras of pyproject.toml.
EXTRAS = {"run": (), "test": ("test",), "build": ("build",)}

PIP_HINT = ("Check the network. Behind a proxy, set HTTPS_PROXY=http://HOST:PORT; if the proxy inspects "
            "TLS, set PIP_CERT to its CA file; in China a PyPI mirror is faster, e.g. "
            "PIP_INDEX_URL=https://mirrors.aliyun.com/pypi/simple/ (or pypi.tuna.tsinghua.edu.cn/simple). "
            "Then run this again.")


class StepFailed(Exception):
    """A set-up or build step failed; the message is the one line the user reads."""


def python_problem(version: tuple = tuple(sys.version_info[:3])) -> str | None:
    """Why this Python cannot be used, or None."""
    if tuple(version[:2]) >= NEEDED_PYTHON:
        return None
    found = ".".join(str(part) for part in version)
    return (f"dev.py: Python {NEEDED_PYTHON[0]}.{NEEDED_PYTHON[1]} or newer is needed; this is Python {found}. "
            "On Ubuntu 22.04: apt-get install python3.11 python3.11-venv, then run python3.11 build/dev.py …; "
            "on Windows install Python 3.12 from python.org.")


def debian_packages() -> list[str]:
    """DEBIAN_PACKAGES, plus Debian's Python shared library when this is Debian's own Python:
    PyInstaller bundles libpython3.X.so, which Debian ships apart from python3."""
    packages = list(DEBIAN_PACKAGES)
    if Path(sys.base_prefix) == Path("/usr"):
        packages.append(f"libpython{sys.version_info[0]}.{sys.version_info[1]}")
    return packages


def _missing_debian_packages() -> list[str]:
    missing = []
    for package in debian_packages():
        probe = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                               capture_output=True, text=True, check=False)
        if "install ok installed" not in probe.stdout:
            missing.append(package)
    return missing


def apt_line(missing: list[str]) -> str:
    return f"apt-get update && apt-get install -y --no-install-recommends {' '.join(missing)}"


def ensure_system_packages() -> None:
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None or shutil.which("apt-get") is None:
        return
    missing = _missing_debian_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise StepFailed("dev.py: system packages are missing. Run this one line as root (with sudo, or in su -c "
                         "'…'), then this command again:\n  " + apt_line(missing))
    print(f"Installing system packages (about 120 MB): {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for step in (["apt-get", "update", "-qq"],
                 ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        done = subprocess.run(step, env=env, capture_output=True, text=True, errors="replace", check=False)
        if done.returncode != 0:
            last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise StepFailed(f"dev.py: `{' '.join(step[:2])}` failed (exit {done.returncode}: {last}). Check the "
                             "network and the mirror in /etc/apt/sources.list, then run this again.")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _pip(python: Path, *args: str) -> None:
    done = subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True, errors="replace",
                          check=False)
    if done.returncode != 0:
        PIP_LOG.write_text(done.stdout + done.stderr, encoding="utf-8")
        raise StepFailed(f"dev.py: pip could not install the project's packages (details in {PIP_LOG}). {PIP_HINT}")


def _installed(stamp: Path, wanted: str) -> set[str]:
    """The extras already installed for this pyproject.toml (the stamp holds its hash, then the extras)."""
    if not stamp.exists():
        return set()
    digest, _, extras = stamp.read_text(encoding="utf-8").partition(" ")
    return set(extras.split()) | {""} if digest == wanted else set()


def ensure_venv(extras: tuple[str, ...]) -> Path:
    python = venv_python()
    if not python.exists():
        print("Creating .venv", flush=True)
        done = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True,
                              errors="replace", check=False)
        if done.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            raise StepFailed("dev.py: could not create .venv (on Debian/Ubuntu: apt-get install python3-venv). "
                             + (done.stderr.strip().splitlines() or [""])[-1])
    stamp = VENV / "installed.txt"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have = _installed(stamp, wanted)
    if not have or not set(extras) <= have:
        extras = tuple(sorted((set(extras) | have) - {""}))
        size = "about 100 MB the first time" if not have else "a few MB"
        print(f"Installing the project{' with ' + ', '.join(extras) if extras else ''} into .venv "
              f"(downloads {size} from PyPI)", flush=True)
        _pip(python, "install", "-q", "--upgrade", "pip")
        _pip(python, "install", "-q", "-e", f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT))
        stamp.write_text(" ".join([wanted, *extras]), encoding="utf-8")
    return python


def version() -> str:
    """The program's version, kept in one place: desktop/__init__.py."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if found is None:
        raise StepFailed("dev.py: desktop/__init__.py has no __version__ line")
    return found.group(1)


def release_notes(tag: str) -> str:
    """CHANGELOG.md's section for ``tag``, which must name the program's version."""
    if tag != f"v{version()}":
        raise StepFailed(f"dev.py: the tag {tag} does not match the version {version()} in desktop/__init__.py "
                         f"(tag it v{version()})")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", changelog, flags=re.MULTILINE)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        if heading.split()[0] == version():
            return body.strip() + "\n"
    raise StepFailed(f"dev.py: CHANGELOG.md has no section '## {version()}'")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def make_zip(folder: Path, target: Path) -> None:
    """``target`` holds ``folder`` as ``jixiao-<version>/``, so versions unzip side by side."""
    top = target.name.removesuffix(".zip")
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    partial.replace(target)


def _clean_env(profile: str) -> dict[str, str]:
    """A clerk's environment: no Python or locale settings (LANG unset), a throw-away profile."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "LC_", "LANG"))}
    env.update(QT_QPA_PLATFORM="offscreen", JIXIAO_PROFILE=profile, HOME=profile, APPDATA=profile,
               LOCALAPPDATA=profile, XDG_DATA_HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
    return env


def frozen_checks(twin: Path) -> list[str]:
    """Run the console twin's self-test and help as a clerk would; the problems found."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="jixiao-profile-") as profile:
        for args in (["selftest"], ["--help"]):
            run = subprocess.run([str(twin), *args], cwd=profile, env=_clean_env(profile), capture_output=True,
                                 text=True, encoding="utf-8", errors="replace", check=False)
            if args == ["selftest"]:
                print(run.stdout, end="")
            elif twin.stem not in run.stdout.partition("\n")[0] or "python -m" in run.stdout:
                # Only the ASCII part is compared: a frozen program writes to a pipe in the system's
                # code page (cp1252 on an English Windows), which has no Chinese.
                problems.append(f"{twin.stem} --help does not name {twin.stem}: {run.stdout[:60]!r}")
            problems += [f"unexpected stderr from {' '.join(args)}: {line}" for line in run.stderr.splitlines()
                         if line.strip()]
            if run.returncode != 0:
                problems.append(f"{twin.name} {' '.join(args)} exited {run.returncode}")
    return problems


def build(python: Path) -> int:
    """Build dist/jixiao, smoke-test it (the frozen self-test must pass with a clean stderr), zip it."""
    done = subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                           "--workpath", str(WORK), "--distpath", str(DIST), str(ROOT / "build" / "jixiao.spec")],
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise StepFailed(f"dev.py: PyInstaller could not build dist/jixiao (exit {done.returncode}); its message "
                         "is above. Try again after deleting .pyinstaller/ and dist/.")
    folder = DIST / "jixiao"
    problems = frozen_checks(folder / ("jixiao-cli.exe" if os.name == "nt" else "jixiao-cli"))
    for line in problems:
        print(line, file=sys.stderr)
    print(f"dist/jixiao: {folder_size(folder) / 1e6:.1f} MB")
    if problems:
        raise StepFailed("dev.py: the built program's self-test failed (lines above)")
    target = DIST / f"jixiao-{version()}.zip"
    make_zip(folder, target)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1e6:.1f} MB")
    return 0


def display_problem(env: dict[str, str] = os.environ) -> str | None:  # type: ignore[assignment]
    """Why ``run`` cannot open a window here, or None."""
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("dev.py: `run` opens a window and needs a display, and none is set (DISPLAY, WAYLAND_DISPLAY). "
            "Run it in a desktop session (or ssh -X); here `test` and `build` work.")


def main(argv: list[str]) -> int:
    problem = python_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if argv[:1] == ["version"]:
        print(version())
        return 0
    if argv[:1] == ["notes"] and len(argv) == 2:
        print(release_notes(argv[1]), end="")
        return 0
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    if argv[0] == "run" and display_problem():
        print(display_problem(), file=sys.stderr)
        return 1
    ensure_system_packages()
    python = ensure_venv(EXTRAS[argv[0]])
    if argv[0] == "run":
        target = argv[1] if len(argv) > 1 else str(DEFAULT_SAMPLE)
        return subprocess.run([str(python), "-m", "ui", target], cwd=ROOT, check=False).returncode
    if argv[0] == "build":
        return build(python)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except StepFailed as failed:
        print(failed, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
