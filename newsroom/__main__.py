"""``python -m newsroom``: the headless command line."""

import sys

from newsroom.cli import main

sys.exit(main())
