"""The indicator library's speed figure, for ``tests/bench.py`` (``BENCHES.append(bench_library)``).

Run alone: python -m tests.library_bench
"""

from __future__ import annotations

import statistics

from desktop.library import Entry, Library, Origin, builtin_entries

QUERIES = ("满意度", "myd", "培训 人次", "xfjb", "办结率", "成本", "zzz 不存在")


def library_of(size: int) -> Library:
    """``size`` entries: the built-in ones again and again, each copy from its own project."""
    base = builtin_entries()
    entries = []
    for i in range(size):
        e = base[i % len(base)]
        origin = Origin(f"bench#{i // len(base)}", f"{e.origin.name}{i // len(base)}", e.origin.use, e.origin.goal,
                        e.origin.sectors, e.origin.source, stored=True)
        entries.append(Entry(e.level1, e.level2, f"{e.level3}{i}", e.target, origin, e.description, e.basis))
    return Library(entries)


def bench_library() -> dict[str, float]:
    """A search of 20,000 entries (the median over several queries, words and pinyin initials),
    against a plain substring scan of the same 20,000 texts in the same run. Target: under 30 ms."""
    from tests.bench import median_ms  # (tests.bench imports this module)

    lib = library_of(20_000)
    build = median_ms(lambda: Library(lib.entries)._index(), runs=3)
    texts = [f"{e.level3} {e.level1} {e.level2} {e.target}" for e in lib.entries]
    base = median_ms(lambda: [t for t in texts if "满意度" in t], runs=21)
    per_query = [median_ms(lambda q=q: lib.search(q), runs=11) for q in QUERIES]
    search = statistics.median(per_query)
    worst = max(per_query)
    return {"library: plain substring scan of 20000 texts (baseline)": base,
            f"library: search 20000 entries, median of {len(QUERIES)} queries "
            f"(x{search / base:.1f} the baseline; target under 30 ms)": search,
            "library: search 20000 entries, slowest query (target under 30 ms)": worst,
            "library: index 20000 entries on first search (pinyin included)": build}


if __name__ == "__main__":
    for name, value in bench_library().items():
        print(f"{name}: {value:.1f} ms")
