"""The editor window. Everything that imports Qt lives in this package; ``desktop/`` never does."""
