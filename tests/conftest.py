"""Every test runs offscreen; the user profile (settings, autosave) goes to a temporary folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
