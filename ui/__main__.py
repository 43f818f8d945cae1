"""The program's one entry point, above both layers: the window or the command line.

    python -m ui [FILE…]          start the editor on the first FILE (the window names any other)
    python -m ui check FILE…      the domain's command line (``desktop/cli.py``), without Qt
    python -m ui export FILE --docx OUT.docx --xlsx OUT.xlsx
    python -m ui selftest         open, check and export every sample, then open them in the window

The frozen program runs this module too, as its two programs: ``jixiao-cli`` (console) parses its
arguments like ``python -m ui``; the windowed ``绩效目标编辑器`` has no console, so its arguments
are only ever files (dropped on its icon or sent by Explorer), never parsed as options, and
nothing it does writes to the standard streams it lacks.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

SELFTEST = {"selftest": "自检：打开、检查并导出每个样例，再在主窗口中打开（没有显示器时在后台进行）"}
DESCRIPTION = "预算绩效目标编辑器。不带参数或给出文件时打开编辑窗口；一次打开一个文件。"


def program_name() -> str:
    """The name the help shows: ``jixiao-cli`` when frozen or installed, else ``python -m ui``."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).stem
    launched = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if launched in ("", "__main__.py", "-c"):
        return "python -m ui"
    return Path(launched).stem


def windowed() -> bool:
    """A program without a console (PyInstaller's windowed exe, pythonw) has no standard streams."""
    return sys.stdout is None or sys.stderr is None


def _harmless_streams() -> None:
    """A library that prints anyway (a warning, a stray message) writes nowhere instead of failing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the program


def _tolerant_streams() -> None:
    """``cli.tolerant_output``, without loading the command line: a character the console's code
    page lacks is shown as "?" instead of stopping the program."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def utf8_locale() -> None:
    """Start Qt in a UTF-8 locale, as Python's own start-up would (PEP 538).

    Qt warns on stderr ("Detected locale "C" …") and switches by itself when the locale is not
    UTF-8, e.g. with LANG unset; the frozen program's start-up does not coerce the locale the way
    ``python`` does. Windows has no such locale setting.
    """
    if os.name == "nt":
        return
    import locale

    try:
        locale.setlocale(locale.LC_CTYPE, "")
    except locale.Error:
        pass            # an unknown locale name: the C locale stays, which is handled below
    if locale.nl_langinfo(locale.CODESET).replace("-", "").lower() == "utf8":
        return
    os.environ["LC_ALL" if os.environ.get("LC_ALL") else "LC_CTYPE"] = "C.UTF-8"
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pass            # no C.UTF-8 on this system: Qt picks its own, and says so


def quick_pyside_imports() -> bool:
    """Spare PySide6 reading the source of every module imported after it; whether it was done.

    PySide6 (``shibokensupport.feature``) reads each newly imported module's source to learn
    whether it uses PySide6 and so may select a ``__feature__`` (snake_case names, true
    properties): at start, about 120 files read in full, 20 to 60 ms, a quarter of a bare Qt
    window's start. This program selects no feature, so the answer only has to be what
    reading would give: our ``ui`` package and Qt's own modules use PySide6 (0, "no feature
    selected"), every other module (the domain, the standard library, python-docx…) does not
    (-1, "not concerned"). A PySide6 without this table is left as it is."""
    feature = sys.modules.get("PySide6.support.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict) or not callable(getattr(feature, "feature_imported", None)):
        return False

    def feature_imported(module: object) -> None:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and name not in table:
            table[name] = 0 if name.split(".", 1)[0] in ("ui", "PySide6", "shiboken6", "__main__") else -1

    feature.feature_imported = feature_imported   # type: ignore[union-attr]
    return True


def _window(files: list[str]) -> int:
    import PySide6.QtCore  # noqa: F401 - PySide6's import hook is set up here, before the window's modules

    quick_pyside_imports()
    from ui import app

    return app.main(files)


def a_file(arg: str) -> bool:
    """Whether ``arg`` can only be a file, never an option or a command (no command has a dot
    or a slash in its name): the window then starts without loading the command line, which
    loads the exporters and every command's modules."""
    return not arg.startswith("-") and any(c in arg for c in "./\\")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    utf8_locale()
    if windowed():
        _harmless_streams()
        return _window(args)
    if not args or a_file(args[0]):
        _tolerant_streams()
        return _window(args)
    from desktop import cli

    cli.tolerant_output()
    if not (args[0].startswith("-") or args[0] in (*cli.COMMANDS, *SELFTEST)):
        return _window(args)
    parser = cli.build_parser(program_name(), DESCRIPTION, SELFTEST)
    parsed = parser.parse_args(args)
    if parsed.command == "selftest":
        from ui import selftest

        return selftest.main()
    return cli.run(parsed, parser)


if __name__ == "__main__":
    sys.exit(main())
