"""Speed figures, printed one per line as ``name: value ms`` (the median of several runs).

Run: python -m tests.bench
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.export import export_docx, export_xlsx
from desktop.rules import check
from desktop.values import parse_target
from tests.bigdoc import big_document


def median_ms(action: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_check() -> dict[str, float]:
    doc = big_document()
    assert doc.indicator_count() == 10_000

    def cold() -> None:
        parse_target.cache_clear()
        check(doc)

    first = median_ms(cold)
    return {"check 10000 indicators, first": first, "check 10000 indicators": median_ms(lambda: check(doc), runs=15)}


def bench_export() -> dict[str, float]:
    """Targets: 200 projects of 20 indicators to .docx under 3 s, to .xlsx under 2 s."""
    doc = big_document(projects=200, per_project=20)
    assert doc.indicator_count() == 4_000
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        return {
            "export docx 200 projects x 20 indicators": median_ms(lambda: export_docx(doc, out / "a.docx"), runs=5),
            "export xlsx 200 projects x 20 indicators": median_ms(lambda: export_xlsx(doc, out / "a.xlsx"), runs=5),
        }


BENCHES: list[Callable[[], dict[str, float]]] = [bench_check, bench_export]


def main() -> None:
    for bench in BENCHES:
        for name, value in bench().items():
            print(f"{name}: {value:.1f} ms")


if __name__ == "__main__":
    main()
