"""Ukrainian catalogue, part for the search index and related-article suggestions
(newsroom.cli ``search reindex``); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    "search index rebuilt: {n} articles": "пошуковий індекс перебудовано: статей — {n}",
}
