"""Entry point of the desktop app: ``python main.py [--db URL] [--lang uk|en] [--user LOGIN]``.

Kept tiny on purpose: everything lives in ``ui.app`` where tests can reach it.
"""

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run(sys.argv))
