"""User settings, declared once with their defaults and kept as JSON in the user's profile.

The profile is appdirs' user data folder for the app (``%LOCALAPPDATA%\\jixiao`` on Windows);
``JIXIAO_PROFILE`` points it elsewhere (tests, the packaged self-test).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

import appdirs

from desktop.atomic import write_atomic
from desktop.rules import RuleSettings, load_settings

APP_FOLDER = "jixiao"
RECENT_LIMIT = 8
ZOOM_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)   # 显示比例 (%), Ctrl+= / Ctrl+- walk these


def profile_dir() -> Path:
    override = os.environ.get("JIXIAO_PROFILE")
    return Path(override) if override else Path(appdirs.user_data_dir(APP_FOLDER, appauthor=False))


def _default_floor() -> str:
    return str(load_settings().satisfaction_floor)


@dataclass
class Settings:
    # preferences (设置 dialog)
    autosave_minutes: int = 1                                   # 0 turns autosave off
    satisfaction_floor: str = field(default_factory=_default_floor)  # 满意度指标值的下限（%）
    # remembered state
    recent_files: list[str] = field(default_factory=list)
    recent_labels: dict[str, str] = field(default_factory=dict)   # path → unit, year and form's province
    zoom: int = 100           # 显示比例 of the editors, one of ZOOM_STEPS
    last_folder: str = ""
    geometry: str = ""        # QMainWindow.saveGeometry(), base64
    window_state: str = ""    # QMainWindow.saveState(): docks and toolbars, base64

    def __post_init__(self) -> None:
        # What this window did to the recent files since it last wrote them: on saving, these are
        # replayed over the list another window may have written meanwhile, so both survive.
        self._recent_changes: list[tuple[bool, str]] = []      # (added, path)

    @staticmethod
    def path() -> Path:
        return profile_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; a missing, unreadable or mistyped value falls back to its default."""
        settings = cls()
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings
        if not isinstance(raw, dict):
            return settings
        for f in fields(cls):
            value = raw.get(f.name)
            default = getattr(settings, f.name)
            if type(value) is type(default) and _strings(value):
                setattr(settings, f.name, value)
        if settings.autosave_minutes < 0:
            settings.autosave_minutes = cls.autosave_minutes
        if settings.zoom not in ZOOM_STEPS:
            settings.zoom = cls.zoom
        if settings.floor() is None:
            settings.satisfaction_floor = _default_floor()
        return settings

    def save(self) -> None:
        """Write the settings; a failure (full disk, locked profile) is not worth bothering the clerk.

        The recent files are merged with those on disk: another running window's stay."""
        on_disk = _saved_recent_files(self.path())
        if on_disk is not None:
            merged = on_disk
            for added, path in self._recent_changes:
                merged = _with_recent(merged, path) if added else [p for p in merged if p != path]
            self.recent_files = merged
        self._recent_changes = []
        labels = {**_saved_recent_labels(self.path()), **self.recent_labels}
        self.recent_labels = {p: labels[p] for p in self.recent_files if p in labels}
        floor = self.floor()
        if floor is not None:       # as a clerk writes it: 90, not Decimal's normalised 9E+1
            self.satisfaction_floor = format(floor.normalize(), "f")
        data = json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            self.path().parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path(), lambda stream: stream.write(data))
        except OSError:
            pass

    def floor(self) -> Decimal | None:
        try:
            value = Decimal(self.satisfaction_floor)
        except InvalidOperation:
            return None
        return value if value.is_finite() and 0 <= value <= 100 else None

    def rule_settings(self) -> RuleSettings:
        defaults, floor = load_settings(), self.floor()
        return defaults if floor is None else defaults.replace(satisfaction_floor=floor)

    def add_recent(self, path: Path, label: str = "") -> None:
        """``label``: the document's unit, year and form, shown beside the file's name."""
        if label:
            self.recent_labels[str(path)] = label
        self.recent_files = _with_recent(self.recent_files, str(path))
        self._recent_changes.append((True, str(path)))

    def forget_recent(self, path: str) -> None:
        self.recent_files = [p for p in self.recent_files if p != path]
        self._recent_changes.append((False, path))


def _strings(value: object) -> bool:
    """A list of texts, or a dict of text to text, or anything else (checked by type alone)."""
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return True


def _with_recent(recent: list[str], path: str) -> list[str]:
    return [path] + [p for p in recent if p != path][:RECENT_LIMIT - 1]


def _saved_recent_files(path: Path) -> list[str] | None:
    """The recent files as another window last wrote them; None if there are none to keep."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    recent = raw.get("recent_files") if isinstance(raw, dict) else None
    if not isinstance(recent, list) or not all(isinstance(p, str) for p in recent):
        return None
    return recent[:RECENT_LIMIT]


def _saved_recent_labels(path: Path) -> dict[str, str]:
    """The recent files' labels as another window last wrote them."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    labels = raw.get("recent_labels") if isinstance(raw, dict) else None
    return labels if isinstance(labels, dict) and _strings(labels) else {}
