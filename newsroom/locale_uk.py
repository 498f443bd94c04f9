"""Ukrainian catalogue for the core's messages (see ``newsroom.i18n``)."""

MESSAGES_UK: dict[str, str] = {}
