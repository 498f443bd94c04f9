"""Ukrainian catalogue, part for newsroom.sync (sync); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    "{mime} pictures cannot be published": "зображення типу {mime} не можна опублікувати",
    "the picture cannot be read: {error}": "зображення не читається: {error}",
}
