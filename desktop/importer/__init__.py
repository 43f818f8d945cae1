"""Import of a Word (.docx) or Excel (.xlsx) form back into a document.

``import_file(path)`` reads the file into a neutral grid (``docx_reader``, ``xlsx_reader``),
places it through each family's printed form (``forms``, ``placing``), keeps the family that
places the most, and returns the document with a report of every cell it could not place. A
file it cannot read raises ``ImportFileError`` (a ``UserFacingError``) with a Chinese message
that says what to do; limits are checked before anything is unpacked (``limits``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from desktop.families import Family, families
from desktop.importer.docx_reader import read_docx
from desktop.importer.forms import Form, compile_form
from desktop.importer.grid import Grid, Paragraph
from desktop.importer.limits import ImportFileError, check_file
from desktop.importer.placing import Placed, Placer
from desktop.importer.report import ReportEntry, summary
from desktop.importer.templates import compile_template
from desktop.importer.xlsx_reader import read_xlsx
from desktop.model import Document

__all__ = ["ImportFileError", "ImportResult", "ReportEntry", "import_file", "read_grid"]

MIN_SHARE = 0.3          # a family that places less than this is not the file's form
MIN_ANCHORS = 3          # nor one whose own words (labels, headings) the file shows fewer times
CLOSE = 0.05             # two families this close both fit: the clerk chooses


@dataclass
class ImportResult:
    document: Document
    family: str
    entries: list[ReportEntry]
    placed: int
    total: int
    candidates: tuple[str, ...] = ()        # more than one: families that fit about as well
    alternatives: dict[str, ImportResult] = field(default_factory=dict, repr=False)

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 0.0

    def report(self) -> str:
        """The report as text, one line each."""
        return "\n".join(e.line() for e in self.entries)


def read_grid(path: Path) -> Grid:
    """The file as a neutral grid (after the limits), or ``ImportFileError``."""
    path = Path(path)
    kind = check_file(path)
    try:
        return read_docx(path) if kind == "docx" else read_xlsx(path)
    except ImportFileError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ImportFileError(f"“{path.name}”的结构过于复杂，无法读取。请确认选对了文件。") from exc
    except OSError as exc:
        from desktop.errors import describe_os_error
        raise ImportFileError(describe_os_error(exc, path, "读取")) from exc
    except Exception as exc:       # a defect of a reader on an odd file: still a sentence, never a traceback
        raise ImportFileError(f"“{path.name}”无法读取：文件内容不符合 {kind} 格式，可能已损坏。"
                              "请在 Word、Excel 或 WPS 中打开并另存后再导入。") from exc


_FORMS: dict[int, tuple[Family, Form]] = {}


def _form(fam: Family) -> Form:
    """``fam``'s compiled form, made once per loaded family (a reload makes new families)."""
    found = _FORMS.get(id(fam))
    if found is None or found[0] is not fam:
        found = _FORMS[id(fam)] = (fam, compile_form(fam))
    return found[1]


def _year(placed: Placed, grid: Grid, fam: Family) -> tuple[int, str]:
    if placed.years:
        return placed.years.most_common(1)[0][0], ""
    if grid.title:
        found = compile_template("{year}年{title}", {}, fam.document_title).match(grid.title)
        years = [int(v) for c, v in (found or {}).items() if c.kind == "year" and v.isdigit()]
        if years:
            return years[0], ""
        loose = re.search(r"((?:19|20|21)\d\d)\s*年", grid.title)
        if loose:
            return int(loose.group(1)), ""
    mentioned = Counter(int(y) for text in _texts(grid) for y in _YEAR.findall(text))
    if mentioned:
        year = mentioned.most_common(1)[0][0]
        return year, f"表头中没有写年度，按文件中出现最多的“{year}年”暂定为 {year} 年，请在文档中核对。"
    this = dt.date.today().year
    return this, f"文件中没有找到年度，已暂设为 {this} 年，请在文档中核对。"


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def _texts(grid: Grid, limit: int = 5000):
    """The texts of the file's paragraphs and cells, up to ``limit`` of them."""
    count = 0
    for item in grid.items:
        for text in ([item.text] if isinstance(item, Paragraph) else (c.text for row in item.rows for c in row)):
            count += 1
            if count > limit:
                return
            yield text


def place(grid: Grid, fam: Family) -> Placed | None:
    """The grid placed through ``fam``'s form; None if reading it through this form failed
    (a defect on an odd file: the other forms are still tried, never a traceback)."""
    try:
        return Placer(_form(fam), grid).run()
    except (RecursionError, MemoryError):
        raise
    except Exception:
        return None


def _result(path: Path, grid: Grid, placed: Placed) -> ImportResult:
    fam = placed.family
    year, year_note = _year(placed, grid, fam)
    unit = placed.units.most_common(1)[0][0] if placed.units else fam.money_unit
    doc = Document(year=year, family=fam.id, unit=unit, draft=placed.draft, departments=[placed.department])
    entries = [ReportEntry("", summary(path.name, fam.name, placed.placed, placed.total))]
    if year_note:
        entries.append(ReportEntry("", year_note))
    entries += [ReportEntry("", n) for n in placed.notes]
    if placed.unplaced:
        entries.append(ReportEntry("", f"以下 {len(placed.unplaced)} 处内容没有放入文档，请对照原文件补录："))
        entries += [ReportEntry(u.place, u.text, u.reason) for u in placed.unplaced]
    else:
        entries.append(ReportEntry("", "文件中的内容都已放入文档。"))
    return ImportResult(doc, fam.id, entries, placed.placed, placed.total)


def import_file(path: Path) -> ImportResult:
    """Read ``path`` (.docx or .xlsx) into a new document of the family whose form fits it.

    Raises ``ImportFileError`` with a Chinese message for a file it cannot read, or that is the
    form of no family."""
    path = Path(path)
    grid = read_grid(path)
    total = grid.cells()
    if total == 0:
        raise ImportFileError(f"“{path.name}”中没有任何文字，没有可导入的内容。")
    try:
        placed = [place(grid, fam) for fam in families().values()]
    except (RecursionError, MemoryError) as exc:
        raise ImportFileError(f"“{path.name}”的结构过于复杂，无法读取。请确认选对了文件。") from exc
    tried = sorted((p for p in placed if p is not None and p.anchors >= MIN_ANCHORS),
                   key=lambda p: -p.share)
    best = tried[0] if tried else None
    if best is None or best.share < MIN_SHARE:
        names = "、".join(f.name for f in families().values())
        raise ImportFileError(f"“{path.name}”不像是本软件认识的任何一种绩效目标表（{names}），"
                              "没有导入。请确认选对了文件；若它是另一种表式，需要先添加该表式的定义文件。")
    result = _result(path, grid, best)
    close = [p for p in tried[1:] if best.share - p.share <= CLOSE and p.share >= MIN_SHARE]
    if close:
        result.candidates = (best.family.id, *(p.family.id for p in close))
        result.alternatives = {p.family.id: _result(path, grid, p) for p in close}
        names = "、".join(f"“{families()[i].name}”" for i in result.candidates)
        result.entries.insert(1, ReportEntry("", f"这个文件同样符合 {names}，请选择其中一种。"))
    return result
