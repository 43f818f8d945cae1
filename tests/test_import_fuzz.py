"""The readers and the placing never raise anything but the Chinese ``UserFacingError`` on any
bytes, and finish quickly (Hypothesis)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import UserFacingError
from desktop.export import export_docx, export_xlsx
from desktop.importer import import_file
from desktop.projectfile import load

SAMPLE = Path(__file__).parent.parent / "resources" / "samples" / "hunan-shifeng-2021-xinfang.jxmb"
_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _try(path: Path) -> None:
    try:
        import_file(path)
    except UserFacingError as error:
        assert error.message and "Traceback" not in error.message


@_FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".docx", ".xlsx"]))
def test_any_bytes(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"文件{suffix}"
    path.write_bytes(data)
    _try(path)


def _parts(suffix: str, tmp: Path) -> dict[str, bytes]:
    path = tmp / f"样{suffix}"
    (export_docx if suffix == ".docx" else export_xlsx)(load(SAMPLE), path)
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


@_FUZZ
@given(suffix=st.sampled_from([".docx", ".xlsx"]), cut=st.integers(0, 100000), flip=st.integers(0, 255),
       junk=st.binary(max_size=64))
def test_a_real_file_with_one_part_damaged(tmp_path_factory, suffix: str, cut: int, flip: int, junk: bytes) -> None:
    tmp = tmp_path_factory.mktemp("fuzz")
    parts = _parts(suffix, tmp)
    names = sorted(parts)
    name = names[cut % len(names)]
    data = bytearray(parts[name])
    at = cut % max(1, len(data))
    data[at:at + len(junk)] = junk
    if data:
        data[at % len(data)] ^= flip
    parts[name] = bytes(data)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, d in parts.items():
            archive.writestr(n, d)
    path = tmp / f"坏{suffix}"
    path.write_bytes(stream.getvalue())
    _try(path)


@_FUZZ
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=30))
def test_tables_of_any_text(tmp_path_factory, texts: list[str]) -> None:
    import docx
    import openpyxl
    tmp = tmp_path_factory.mktemp("fuzz")
    clean = ["".join(c for c in t if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF) for t in texts]
    document = docx.Document()
    table = document.add_table(rows=len(clean), cols=3)
    for i, text in enumerate(clean):
        table.rows[i].cells[i % 3].text = text
        document.add_paragraph(text)
    document.save(str(tmp / "表.docx"))
    _try(tmp / "表.docx")
    book = openpyxl.Workbook()
    for i, text in enumerate(clean, 1):
        book.active.cell(i, i % 4 + 1, text)
    book.save(tmp / "表.xlsx")
    _try(tmp / "表.xlsx")
