"""``python -m symdl``: the command line (see :mod:`symdl.cli`)."""

import sys

from symdl.cli import main

if __name__ == "__main__":
    sys.exit(main())
