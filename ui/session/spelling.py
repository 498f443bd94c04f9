"""Spelling for one window: the checker, its dictionaries, and the slow calls.

The Hunspell dictionary takes about a second to load and a suggestion up to a
second to compute, so both run as tasks on the :class:`~ui.tasks.TaskRunner`
and come back as signals; until the checker is ready the editor simply shows
no underlines. Adding a word writes it to the database first (it must follow
the user to other PCs) and only then stops underlining it — in every open
window of the same user, and for office words in every window.

A caveat measured here: the ``hunspell`` extension holds Python's GIL for the
whole of a load or a suggestion, so although the work is off the GUI thread,
Python code on the GUI thread (key handling, the highlighter) waits for it.
The load happens once per process, while the first article is opening (it
would be hidden entirely if the app ran :func:`preload_dictionary` as a task
right after login); suggestions, 10–90 ms since n-gram suggestions are off
(see the end of ``uk_UA.aff``), only after a right-click.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, Signal

from newsroom.domain.roles import Role
from newsroom.services import dictionary
from newsroom.services.dictionary import DictionaryWords
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.text.lemmas import lemmas
from newsroom.text.spelling import Engine, SpellChecker, load_dictionary, normalize_word
from ui.tasks import TaskClient, TaskRunner

SUGGESTION_LIMIT = 5


@dataclass(frozen=True)
class Loaded:
    engine: Engine
    words: DictionaryWords


def load_spelling(db: Database, user_id: int) -> Loaded:
    """Worker: the shared dictionary (parsed once per process) and the user's words."""
    with db.uow() as uow:
        words = dictionary.words_for(uow, user_id)
    return Loaded(load_dictionary(), words)


def preload_dictionary(_db: Database) -> None:
    """Worker: parse the dictionary before any article window needs it
    (``runner.submit(preload_dictionary)`` once the main window is up), and load
    the lemmatizer's word lists the first save's search indexing needs. Each
    takes about a second on this one worker; paid by the first save instead, it
    held back the autosaves queued behind it, so a crash then lost more than one
    autosave interval of typing (tests/reliability/test_crash_kill.py)."""
    load_dictionary()
    lemmas("громада")


def add_personal_word(db: Database, user_id: int, word: str) -> str:
    with db.uow() as uow:
        stored = dictionary.add_personal(uow, user_id, word)
        uow.commit()
    return stored


def add_office_word(db: Database, user_id: int, word: str) -> str:
    with db.uow() as uow:
        stored = dictionary.add_office(uow, user_id, word)
        uow.commit()
    return stored


def suggest(_db: Database, checker: SpellChecker, word: str, limit: int) -> list[str]:
    return checker.suggestions(word, limit)


_sessions: weakref.WeakSet[SpellingSession] = weakref.WeakSet()


class SpellingSession(QObject):
    """The checker of one window and the tasks that feed it.

    ``ready()`` once the checker can answer; ``words_added(list)`` when words
    became correct (added or ignored), so highlighters redraw those words;
    ``suggestions_ready(word, list)`` answers :meth:`request_suggestions`;
    ``error(str)`` carries a failure fit to show (the word was not stored).
    """

    ready = Signal()
    words_added = Signal(list)
    suggestions_ready = Signal(str, list)
    error = Signal(str)

    def __init__(self, runner: TaskRunner, user: UserView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self._client = TaskClient(runner, self)
        self._checker: SpellChecker | None = None
        self._loading = False
        self._suggestions: dict[str, list[str]] = {}
        self._asked: set[str] = set()
        _sessions.add(self)

    @property
    def checker(self) -> SpellChecker | None:
        """None until the dictionary is loaded."""
        return self._checker

    @property
    def can_add_office_words(self) -> bool:
        return self.user.role.at_least(Role.EDITOR)

    def start(self) -> None:
        """Load the dictionary in the background, once; ``ready`` follows."""
        if self._checker is not None or self._loading:
            return
        self._loading = True
        self._client.submit(self._loaded, self._load_failed, load_spelling, self.user.id)

    def _loaded(self, result: object) -> None:
        self._loading = False
        assert isinstance(result, Loaded)
        self._checker = SpellChecker(result.engine, result.words.all)
        self.ready.emit()

    def _load_failed(self, message: str) -> None:
        self._loading = False
        self.error.emit(message)

    # ----------------------------------------------------------- suggestions

    def cached_suggestions(self, word: str) -> list[str] | None:
        return self._suggestions.get(normalize_word(word))

    def request_suggestions(self, word: str) -> None:
        """Compute suggestions off the GUI thread; ``suggestions_ready`` brings them."""
        key = normalize_word(word)
        if self._checker is None:
            return
        known = self._suggestions.get(key)
        if known is not None:
            self.suggestions_ready.emit(word, known)
            return
        if key in self._asked:
            return  # already on its way
        self._asked.add(key)

        def done(result: object) -> None:
            self._asked.discard(key)
            found = [str(s) for s in result] if isinstance(result, list) else []
            self._suggestions[key] = found
            self.suggestions_ready.emit(word, found)

        def failed(message: str) -> None:
            self._asked.discard(key)
            self.suggestions_ready.emit(word, [])
            self.error.emit(message)

        self._client.submit(done, failed, suggest, self._checker, word, SUGGESTION_LIMIT)

    # -------------------------------------------------------------- words

    def ignore(self, word: str) -> None:
        """"Пропустити": accept this spelling in this window until it closes."""
        if self._checker is not None:
            self._checker.ignore(word)
            self.words_added.emit([normalize_word(word)])

    def add_personal_word(self, word: str) -> None:
        user_id = self.user.id
        self._client.submit(
            lambda stored: _spread([str(stored)], lambda s: s.user.id == user_id),
            self.error.emit, add_personal_word, user_id, word)

    def add_office_word(self, word: str) -> None:
        self._client.submit(lambda stored: _spread([str(stored)], lambda s: True),
                            self.error.emit, add_office_word, self.user.id, word)

    def accept_words(self, words: list[str]) -> None:
        if self._checker is not None:
            self._checker.add_words(words)
        self.words_added.emit(words)


def _spread(words: list[str], applies: Callable[[SpellingSession], bool]) -> None:
    """A stored word is known at once in every open window it concerns."""
    for session in list(_sessions):
        if shiboken6.isValid(session) and applies(session):
            session.accept_words(words)
