"""The editor window. Everything that imports Qt lives in this package; ``desktop/`` never does."""

from ui.refcounts import protect_singletons

protect_singletons()
