"""Speed figures, printed one per line as ``name: value ms`` (the median of several runs).

Run: python -m tests.bench
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

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


BENCHES: list[Callable[[], dict[str, float]]] = [bench_check]


def main() -> None:
    for bench in BENCHES:
        for name, value in bench().items():
            print(f"{name}: {value:.1f} ms")


if __name__ == "__main__":
    main()
