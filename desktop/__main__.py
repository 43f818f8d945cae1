"""``python -m desktop check|export …``: the command line without Qt (the program itself is ``python -m ui``)."""

import sys

from desktop.cli import main

sys.exit(main(sys.argv[1:]))
