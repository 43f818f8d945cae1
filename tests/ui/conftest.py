"""pytest-qt fixtures: one offscreen application set up as the program sets it up, and a
throw-away user profile (settings, autosaved copies) for every test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import projectfile
from desktop.model import Document
from desktop.resources import resource

SAMPLES = {path.stem: path for path in sorted(resource("samples").glob("*" + projectfile.SUFFIX))}
# One sample per family, for screens that differ by family.
BY_FAMILY = {"H": "hebei-luanping-2026-xinfang", "N": "hunan-shifeng-2021-xinfang", "B": "hubei-ezhou-2024-xinfang"}


@pytest.fixture(autouse=True)
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "profile"
    monkeypatch.setenv("JIXIAO_PROFILE", str(folder))
    return folder


@pytest.fixture(autouse=True, scope="session")
def sample_copies(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests open copies: the window opens a bundled sample itself as an unsaved copy."""
    folder = tmp_path_factory.mktemp("samples")
    for name, path in SAMPLES.items():
        SAMPLES[name] = Path(shutil.copy2(path, folder / path.name))


def sample(name: str) -> Document:
    return projectfile.load(SAMPLES[name])


@pytest.fixture(autouse=True, scope="session")
def application(qapp):  # type: ignore[no-untyped-def]
    """The test application set up as the program sets itself up (Chinese Qt dialogs)."""
    from ui.app import setup_application

    setup_application(qapp)
    return qapp
