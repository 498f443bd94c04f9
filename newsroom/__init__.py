"""Newsroom core: storage, workflow, text and sync, free of any GUI toolkit.

The desktop app in ``ui/`` and the headless CLI both drive the same services, so
every rule lives here once and is enforced whichever way a user comes in.
"""

__version__ = "0.1.0"
