"""What the domain costs at the editor's start (issue 15): importing it, reading a sample and
checking it. Patterns that only rare paths use are compiled on their first use, modules only
saving needs are imported then, and the classes made at import are made without the work
``dataclasses`` does for a class without a docstring (``inspect.signature``) or, for the
checker's private shapes, for equality nobody asks. These tests keep it so: each fails if someone
compiles, imports or declares it at the top again."""

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import atomic, projectfile, rules, text, values
from desktop.resources import resource
from desktop.text import LazyPattern

ROOT = Path(__file__).resolve().parents[1]

# Compiled only when a rare path needs them: a control character or a lone surrogate, a typed
# amount (a file's amounts are read by the project file's reader), a temporary file's name.
RARE_PATTERNS = ("desktop.text._CONTROL", "desktop.text._BREAKS", "desktop.values._AMOUNT",
                 "desktop.values._LOOSE", "desktop.values._EXPONENT", "desktop.values._SPACED",
                 "desktop.projectfile._SURROGATE", "desktop.atomic._TEMP_NAME", "desktop.atomic._OLD_TEMP_NAME")
NOT_AT_START = ("secrets",           # random, hmac, base64: for a temporary file's name, when saving
                "desktop.nextyear",  # for a document with carried values' marks only
                "_hashlib")          # OpenSSL: a file's digest below 1 MB is Python's own SHA-256

_START = """
import importlib, json, sys
import desktop.projectfile, desktop.rules, desktop.edits, desktop.families
from desktop import atomic, projectfile, rules
from desktop.resources import resource
path = resource("samples", "hubei-ezhou-2024-xinfang.jxmb")
atomic.remove_stale_temps(path.parent)
problems = rules.check(projectfile.load(path))
compiled = []
for name in {patterns!r}:
    module, _, attribute = name.rpartition(".")
    pattern = getattr(importlib.import_module(module), attribute)
    if not hasattr(pattern, "compiled") or pattern.compiled:
        compiled.append(name)
print(json.dumps([len(problems), compiled, sorted(m for m in {modules!r} if m in sys.modules)]))
"""


_SAVE = """
import json, sys
from desktop import projectfile
from desktop.resources import resource
doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
stamp = projectfile.save(doc, projectfile.Path(sys.argv[1]))
print(json.dumps([stamp is not None, sorted(m for m in ("secrets", "hmac", "_hashlib") if m in sys.modules)]))
"""


def test_saving_a_file_loads_no_openssl(tmp_path):
    """A temporary file's random name is ``secrets.choice``'s (``random.SystemRandom``), without
    importing ``secrets``, which loads ``hmac`` and OpenSSL (the window's first save is at its close)."""
    done = subprocess.run([sys.executable, "-c", _SAVE, str(tmp_path / "副本.jxmb")], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    saved, imported = json.loads(done.stdout.strip().rpartition("\n")[2])
    assert saved and (tmp_path / "副本.jxmb").stat().st_size > 0
    assert imported == []


def test_reading_and_checking_a_sample_compiles_no_rare_pattern_and_imports_nothing_for_saving():
    code = _START.format(patterns=RARE_PATTERNS, modules=NOT_AT_START)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env=env, timeout=120)
    count, compiled, imported = json.loads(done.stdout.strip().rpartition("\n")[2])
    assert count > 0                      # the sample was read and checked (its two wrong 2023 totals)
    assert compiled == []
    assert imported == []


@pytest.mark.parametrize("source", [r"[0-9]+", r"\r\n?|[\x0b\x0c\u2028\u2029]", r"(?P<a>x)(y)?"])
def test_a_lazy_pattern_answers_as_the_compiled_pattern_and_compiles_once(source):
    lazy, compiled = LazyPattern(source), re.compile(source)
    assert not lazy.compiled
    for sample in ("", "12", "a12b", "x", "xy", "a\r\nb\x0bc", "١٢"):
        for method in ("match", "fullmatch", "search"):
            found, expected = getattr(lazy, method)(sample), getattr(compiled, method)(sample)
            assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
        assert lazy.sub("-", sample) == compiled.sub("-", sample)
        assert lazy.findall(sample) == compiled.findall(sample)
    assert lazy.compiled and lazy.pattern == compiled.pattern
    first = vars(lazy)["_compiled"]
    lazy.match("1")
    assert vars(lazy)["_compiled"] is first            # compiled once
    with pytest.raises(AttributeError):
        lazy.no_such_method()                          # as the compiled pattern answers


def test_the_rare_paths_work_once_their_patterns_compile():
    """What the lazy patterns are for still answers as before: amounts, cleaning, file names."""
    assert values.parse_amount("1,234.50") == values.parse_amount("1234.50")
    with pytest.raises(ValueError, match="中间有空格"):
        values.parse_amount("1 234")
    with pytest.raises(ValueError, match="科学计数法"):
        values.parse_amount("1e5")
    with pytest.raises(ValueError, match="千位分隔符"):
        values.parse_amount("12,34")
    assert text.clean_text("a\r\nb\x0bc\x07d\u2028e") == "a\nb\ncd\ne"
    assert projectfile._safe("名称") == "名称" and projectfile._safe("名\ud800称") == "名\ufffd称"
    assert projectfile._safe("a\tb") == "a\tb"               # not printable, and no surrogate either
    names = {"~jxabcd1234.tmp": True, "~jxabcd123.tmp": False, "~报告.docx.ab_cd123.tmp": True,
             "~a.jxmb.abcdefgh.tmp": True, "a~jxabcd1234.tmp": False, "报告.jxmb": False, "~$报告.docx": False}
    assert {name: atomic.is_temp_name(name) for name in names} == names


def _dataclasses_of(*modules: object) -> list[type]:
    return [c for m in modules for c in vars(m).values()
            if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == m.__name__]  # type: ignore[attr-defined]


def test_every_class_the_start_makes_with_dataclass_has_a_docstring():
    """Without one, ``dataclass`` writes the class's signature as its docstring, through
    ``inspect.signature``: 0.15 to 0.3 ms a class at start, for a text nobody reads."""
    from desktop import edits, families, familycheck, model, nextyear

    made = _dataclasses_of(edits, families, familycheck, model, nextyear, projectfile, rules, values)
    assert len(made) > 25
    undocumented = [c.__qualname__ for c in made if not c.__doc__ or c.__doc__.startswith(c.__name__ + "(")]
    assert undocumented == []


def test_the_checkers_shapes_are_compared_by_identity():
    """The family's shape is made once per family object and never compared: its classes are
    made without ``__eq__`` and ``__hash__`` (half of what making each class costs)."""
    shapes = [rules._Col, rules._Table, rules._List, rules._Money, rules._Plan, rules._Owner, rules._Shape]
    assert [c.__name__ for c in shapes if c.__eq__ is not object.__eq__ or c.__hash__ is not object.__hash__] == []
    column = rules._Col("key", "名称")
    assert column == column and column != rules._Col("key", "名称")


def test_the_checker_gives_the_carried_values_hints_of_every_sample_made_next_year():
    """The checker looks for carried values only in a document that holds a mark, and finds
    there what the next-year module finds, in the department's money and in tables' rows."""
    from desktop.nextyear import carried_problems, next_year
    from desktop.resources import samples

    places = set()
    for path in samples():
        doc = projectfile.load(path)
        assert [p for p in rules.check(doc) if p.rule == "carried-over"] == carried_problems(doc) == []
        later = next_year(doc).doc
        found = [p for p in rules.check(later) if p.rule == "carried-over"]
        assert found == carried_problems(later)
        places |= {p.location.table == "money" for p in found}
    assert places == {True, False}      # marks in the money table and in indicator tables' rows


@pytest.mark.parametrize("own", [True, False])
def test_a_files_digest_is_its_sha256_whichever_implementation_makes_it(monkeypatch, own):
    import hashlib

    if not own:                     # a Python built without its own SHA-256: OpenSSL's, whatever the size
        monkeypatch.setattr(projectfile, "_own_sha256", lambda: None)
    below = projectfile._OWN_SHA256_BELOW
    for size in (0, 1, 50_000, below - 1, below, below + 1):
        data = bytes(i * 7 % 251 for i in range(size))
        assert projectfile.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_stamp_tells_a_changed_file_from_a_touched_one(tmp_path):
    path = tmp_path / "文档.jxmb"
    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    stamp = projectfile.save(doc, path)
    assert stamp is not None and not projectfile.changed_on_disk(path, stamp)
    os.utime(path, ns=(stamp.mtime_ns + 10**9, stamp.mtime_ns + 10**9))      # touched: same content
    assert not projectfile.changed_on_disk(path, stamp)
    changed = path.read_bytes().replace("鄂州".encode(), "荆州".encode(), 1)
    assert len(changed) == stamp.size
    path.write_bytes(changed)                                                 # same size, other content
    os.utime(path, ns=(stamp.mtime_ns + 2 * 10**9, stamp.mtime_ns + 2 * 10**9))
    assert projectfile.changed_on_disk(path, stamp)


_OPEN = """
import json, sys
from desktop import familycheck, families, projectfile, rules
from desktop.resources import resource
checked = []
check = familycheck.check
familycheck.check = lambda raw, name: checked.append(name) or check(raw, name)
doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
rules.check(doc)
print(json.dumps([doc.family, checked]))
"""


def test_opening_a_document_checks_its_own_family_file_only():
    """The other families' files are checked when something asks for all of them (the start
    page, the new-document dialog) or for their errors."""
    done = subprocess.run([sys.executable, "-c", _OPEN], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    family_id, checked = json.loads(done.stdout.strip().rpartition("\n")[2])
    assert checked == [f"{family_id}.json"]


def test_one_family_read_alone_is_the_one_the_whole_set_has(tmp_path, monkeypatch):
    """Whatever the folder holds (a broken file declaring an id before the right one, a second
    right one, files that are no JSON or not a family), a family found alone is the one, the
    same object, that ``families`` then has; and the set and its errors are as read all at once."""
    from desktop import families as families_module

    h = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    broken = {k: v for k, v in h.items() if k != "print"}
    files = {"A.json": json.dumps(broken), "H.json": json.dumps(h), "H2.json": json.dumps(h),
             "N.json": resource("families", "N.json").read_text(encoding="utf-8"), "X.json": "{不是", "Y.json": "null"}
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [tmp_path])
    try:
        families_module.reload()
        everything = {i: f.source for i, f in families_module.families().items()}
        errors = families_module.family_errors()
        assert everything == {"H": "H.json", "N": "N.json"}
        assert list(dict.fromkeys(e.split("”", 1)[0] for e in errors)) == [
            "表式文件“A.json", "表式文件“H2.json", "表式文件“X.json", "表式文件“Y.json"]
        for wanted in ("H", "N", "B", "Q"):
            families_module.reload()
            alone = families_module.find(wanted)
            assert (alone.source if alone else None) == everything.get(wanted)
            assert alone is families_module.families().get(wanted)
            assert families_module.family_errors() == errors
        families_module.reload()
        assert families_module.family("N") is families_module.families()["N"]
        with pytest.raises(KeyError):
            families_module.family("Q")
    finally:
        monkeypatch.undo()
        families_module.reload()
