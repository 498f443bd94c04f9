"""Ukrainian catalogue, part for newsroom.sync (wordpress); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
}
