"""Plain-Python rules of the newsroom: statuses, roles, transitions and errors."""
