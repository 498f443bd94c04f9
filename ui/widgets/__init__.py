"""Windows and widgets of the desktop app."""
