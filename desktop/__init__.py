"""The domain of the budget performance-target editor: model, project file, rules, exports.

Nothing in this package imports Qt; the window lives in ``ui/``.
"""

# The one place the version lives: pyproject.toml, the about box, the build and the zip read it here,
# and CHANGELOG.md has a section for it (tests/test_packaging.py).
__version__ = "0.2.0"
