"""Keep ``None``, ``True`` and ``False`` alive under a PySide6 wheel built for newer Pythons.

PySide6 ships one ``abi3`` wheel for every Python from 3.10. PySide6 6.12.0's was compiled
against headers in which these three objects are immortal (Python 3.12+), so its returns of
``None`` and ``bool`` skip the reference they owe. On Python 3.11 every ``label.setText()``,
``action.setEnabled()`` or ``signal.emit()`` takes one reference away, and after some
thousands of calls (an afternoon of typing) Python aborts with "deallocating None".

Where a probe at start-up sees references vanish, the three objects get a reserve of a billion
references, which makes them as good as immortal, as they are on 3.12. A sound build or a newer
Python is left alone.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_RESERVE = 1_000_000_000
_PROBES = 8


def _drops_references() -> bool:
    probe = QObject()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("probe")      # returns None
        probe.blockSignals(False)         # returns a bool
    after = sys.getrefcount(None), sys.getrefcount(True)
    return after[0] <= before[0] - _PROBES or after[1] <= before[1] - _PROBES


def protect_singletons() -> bool:
    """Give the singletons their reserve if this PySide6 drops their references; True if it did."""
    if sys.version_info >= (3, 12) or not _drops_references():
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython's (non-debug) object layout.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    return True
