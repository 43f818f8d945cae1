"""Where the bundled resources are: beside the package in a checkout, inside the frozen folder."""

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The ``resources/`` folder, found from the package, never from the working directory."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def samples() -> list[Path]:
    """The bundled sample documents (the four real seeds), in name order."""
    return sorted(resource("samples").glob("*.jxmb"))


def is_sample(path: Path) -> bool:
    """True for a bundled sample: the editor opens those as an unsaved copy, never overwrites them."""
    return path.resolve().parent == resource("samples").resolve()
