"""Ukrainian catalogue, part for newsroom.sync (static_site); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
}
