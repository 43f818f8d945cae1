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
