"""The domain of the budget performance-target editor: model, project file, rules, exports.

Nothing in this package imports Qt; the window lives in ``ui/``.
"""

__version__ = "0.1.0"
