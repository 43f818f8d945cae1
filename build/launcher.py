"""Entry point of both frozen programs; the same as ``python -m ui``."""

import sys

from ui.__main__ import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
