"""Ukrainian catalogue, part for newsroom.sync.pull (archive pull); merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    "only an editor may pull a site's archive":
        "отримувати архів сайту може лише редактор",
    "another pull of {site} moved on while this one ran: this one stopped; start it again "
    "to go on":
        "інше отримання архіву з {site} просунулося далі, поки працювало це: це зупинено; "
        "запустіть його знову, щоб продовжити",
}
