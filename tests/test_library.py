"""The indicator library in the domain: its data, search (words and pinyin), placing an entry in
any family's words, suggestions, and the clerk's own history in the profile."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop import library, projectfile
from desktop.families import family, parse_family
from desktop.library import Entry, Library, Origin, ProfileStore, kinds, new_row, place, table_vocabulary
from desktop.resources import resource, samples

ROOT_SEEDS = {"anhui-jinan-2025-tiyu-xmzc", "anhui-jinzhai-2021-wuye-xmzc", "hebei-dingzhou-2020-xinfang",
              "hebei-luanping-2026-xinfang", "hubei-ezhou-2024-xinfang", "hunan-shifeng-2021-xinfang"}

HINT = r"[（(][^（()）]*\*\*[^（()）]*[)）]"     # a form's (≥**%) hint


def _entry(level3: str, level1: str = "产出指标", level2: str = "数量指标", target: str = "≥1次",
           name: str = "某项目", stored: bool = False) -> Entry:
    return Entry(level1, level2, level3, target, Origin(f"k#{name}", name, stored=stored, source="测试"))


def test_every_built_in_entry_has_a_source_and_a_kind_and_the_six_seeds_are_in():
    entries = library.builtin_entries()
    assert len(entries) > 150
    assert all(e.source and e.level3 for e in entries)
    assert all(e.kind is not None for e in entries), [e.level2 for e in entries if e.kind is None]
    raw = json.loads(resource("library", "seeds.json").read_text(encoding="utf-8"))
    assert set(raw["sources"]) == ROOT_SEEDS
    used = {p["source"] for p in raw["projects"].values()}
    assert used == ROOT_SEEDS
    common = [e for e in entries if e.origin.key.startswith("common#")]
    groups = {e.kind.group for e in common}
    assert {"output", "effect", "satisfaction"} <= groups
    assert {"output.quantity", "output.quality", "output.time", "output.cost", "satisfaction"} <= {e.kind.id for e in common}


def test_the_seed_entries_are_the_samples_indicators():
    """Each seed entry is an indicator of its sample as the sample holds it (less a form's
    “指标1:” numbering and “(≥**%)” hint)."""
    entries = [e for e in library.builtin_entries() if "#" in e.origin.key and not e.origin.key.startswith("common")]
    for path in samples():
        doc = projectfile.load(path)
        fam = family(doc.family)
        theirs = {(row.get("level3", "").strip(), library.row_target(part.table, row))
                  for part in library.table_parts(doc, fam) for row in part.part.lists.get(part.table.key, [])}
        mine = {(e.level3, e.target) for e in entries if e.origin.key.startswith(path.stem + "#")}
        assert mine, path.stem
        for level3, target in mine:
            assert any(level3 in re.sub(HINT, "", a) and target == b.strip() for a, b in theirs), (path.stem, level3)
        assert not any("**" in level3 for level3, _ in mine)


def test_search_by_words_and_pinyin_initials():
    lib = Library([_entry("群众满意度", "满意度指标", "服务对象满意度指标", "≥90%"), _entry("培训人次"),
                   _entry("信访事项办结率", target="≥95%"), _entry("银行网点数")])
    assert [e.level3 for e in lib.search("myd")] == ["群众满意度"]
    assert [e.level3 for e in lib.search("满意")] == ["群众满意度"]
    assert [e.level3 for e in lib.search("manyi")] == ["群众满意度"]
    assert [e.level3 for e in lib.search("xf bjl")] == ["信访事项办结率"]
    assert lib.search("培训 满意") == []
    assert len(lib.search("")) == 4
    # the filter keeps what it accepts
    assert [e.level3 for e in lib.search("", lambda e: e.level1 == "满意度指标")] == ["群众满意度"]


def test_an_entry_named_by_the_query_comes_first():
    lib = Library([_entry("完成率", name="满意度调查"), _entry("满意度"), _entry("群众满意度")])
    assert [e.level3 for e in lib.search("满意度")] == ["满意度", "群众满意度", "完成率"]
    # a name over two lines (as pasted from a form) does not shift the others' ranks
    lib = Library([_entry("打造国际网球\n公开赛"), _entry("完成率", name="满意度调查"), _entry("群众满意度")])
    assert [e.level3 for e in lib.search("myd")] == ["群众满意度", "完成率"]


@pytest.mark.parametrize(("fid", "level1", "level2", "expected"), [
    ("H", "产出指标", "产出数量", ("产出指标", "数量指标")),
    ("N", "产出指标", "数量指标", ("产出指标", "产出数量")),
    ("B", "产出指标", "产出数量", ("履职效能", "数量指标")),
    ("N", "满意度指标", "服务对象满意度指标", ("效益指标", "社会公众及服务对象满意度")),
    ("H", "效益指标", "社会公众及服务对象满意度", ("满意度指标", "服务对象满意度指标")),
    ("H", "效益指标", "社会效益指标", ("效益指标", "社会效益指标")),
])
def test_vocabularies_map_across_families(fid, level1, level2, expected):
    """产出数量 ↔ 数量指标: the words of each kind are data (resources/library/kinds.json)."""
    fam = family(fid)
    table = fam.project.tables[0] if fam.project else fam.department.tables[-1]
    kind = kinds().of(level1, level2)
    assert kind is not None
    assert place(table_vocabulary(fam, table), level1, level2, kind) == expected


def test_a_table_without_level2_takes_the_level1_of_the_kind():
    raw = json.loads((Path(__file__).parent / "data" / "families" / "T.json").read_text(encoding="utf-8"))
    fam = parse_family(raw)
    table = next(t for t in (fam.project.tables if fam.project else fam.department.tables)
                 if t.by_role("level2") is None)
    entry = _entry("项目总成本", "产出指标", "成本指标", "≤80万元")
    row = new_row(entry, table, table_vocabulary(fam, table))
    level1 = table.by_role("level1")
    assert row[level1.key] == "成本指标"
    number = table.by_role("number")
    if number is not None:
        assert row[number.key] == "80"
        assert row[table.by_role("unit").key] == "万元"


def test_suggestions_come_from_the_project_named_alike_and_skip_what_the_project_has():
    lib = library.library()
    found = lib.suggest("信访维稳经费")
    assert found and {e.origin.name for e in found} == {"信访维稳经费"}
    have = [found[0].level3]
    assert found[0] not in lib.suggest("信访维稳经费", have=have)
    assert lib.suggest("") == []
    # only the kinds asked for
    satisfaction = lib.suggest("信访维稳经费", wanted=lambda e: e.kind is not None and e.kind.group == "satisfaction")
    assert satisfaction and all(e.kind.group == "satisfaction" for e in satisfaction)
    # a project no sample resembles gets the common kinds of its sort
    training = lib.suggest("干部业务培训班")
    assert training and all(e.origin.key == "common#training" for e in training[:3])


def test_the_profile_remembers_a_document_once_and_forgets_on_request(tmp_path):
    store = ProfileStore(tmp_path)
    doc = projectfile.load(samples()[3])
    fam = family(doc.family)
    count = store.remember(doc, fam, "D:/绩效/滦平.jxmb")
    assert count == sum(len({(r.get("level3"), r.get("target")) for r in part.part.lists[part.table.key]})
                        for part in library.table_parts(doc, fam))
    assert store.remember(doc, fam, "D:/绩效/滦平.jxmb") == count
    again = ProfileStore(tmp_path).entries()
    assert len(again) == count and all(e.origin.stored and e.source == "D:/绩效/滦平.jxmb" for e in again)
    gone = again[:2]
    assert ProfileStore(tmp_path).remove(gone) == 2
    left = ProfileStore(tmp_path).entries()
    assert len(left) == count - 2 and not {e.key() for e in gone} & {e.key() for e in left}
    # built-in entries are never removed
    assert ProfileStore(tmp_path).remove(library.builtin_entries()[:3]) == 0


def test_an_unreadable_profile_library_is_moved_aside_not_overwritten(tmp_path):
    (tmp_path / "library.json").write_text("{ broken", encoding="utf-8")
    store = ProfileStore(tmp_path)
    assert store.entries() == []
    assert (tmp_path / "library.json.bad").read_text(encoding="utf-8") == "{ broken"


def test_the_library_is_read_only_when_asked(monkeypatch):
    library.builtin_entries.cache_clear()
    reads = []
    real = library.resource

    def counting(*parts):  # type: ignore[no-untyped-def]
        reads.append(parts)
        return real(*parts)

    monkeypatch.setattr(library, "resource", counting)
    lib = Library([])
    assert reads == [] and lib.entries == []
    library.builtin_entries()
    assert reads
    library.builtin_entries.cache_clear()
