"""Ukrainian catalogue, part for the spelling dictionaries; merged into MESSAGES_UK."""

MESSAGES: dict[str, str] = {
    # newsroom/services/dictionary.py
    "«{word}» cannot go into a dictionary: a word is 1 to {max} letters, without spaces, "
    "and not only digits":
        "«{word}» не можна додати до словника: слово — це від 1 до {max} літер, без "
        "пробілів і не лише цифри",
    "only an editor may add words to the office dictionary":
        "додавати слова до словника редакції може лише редактор",
    # newsroom/cli.py: dictionary add / list
    "added to the office dictionary: {words}": "додано до словника редакції: {words}",
    "added to your dictionary: {words}": "додано до вашого словника: {words}",
    "your words": "ваші слова",
    "office words": "слова редакції",
}
