"""``python -m bench.typing_bench``: time per keystroke with spelling on, against off.

A press officer notices a lag above one frame (16 ms at 60 Hz) between a key
and its letter. This types ~300 characters at several places of a 10,000-word
article (Ukrainian text from :func:`bench.corpus.generate`) in a shown
:class:`~ui.widgets.body_editor.BodyEditor`, offscreen, and times every key
event together with the event processing it causes (layout, highlighting,
repaint requests). The same text is typed into an identical editor without
spelling in the same run: that is the baseline the ratio is taken against.

Also measured, because they happen on or block the GUI thread: loading the
dictionary (on a worker, but the ``hunspell`` extension holds the GIL), the
first full highlight of the article once the dictionary is there, a
suggestion, and a keystroke typed while a suggestion is being computed on
another thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.corpus import generate
from newsroom.text.spelling import SpellChecker, load_dictionary
from ui.widgets.body_editor import BodyEditor
from ui.widgets.spell_highlighter import SpellHighlighter

GOAL_MS = 16.0
TYPED = ("Голова громади повідомив, що помилкка у проєкті деокупації Запоріжжя "
         "виправлена, а сім’ї отримають допомогу. ")
"""What is typed at each place: words right and wrong, an apostrophe, a comma."""


def article_markdown(words: int, seed: int) -> str:
    """At least ``words`` words of corpus text, as Markdown paragraphs."""
    paragraphs: list[str] = []
    count = 0
    for article in generate(max(words // 150, 1) * 2, seed):
        for paragraph in [article.title, article.lead, *article.body.split("\n\n")]:
            paragraphs.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def _key(editor: BodyEditor, char: str) -> None:
    if char == " ":
        QTest.keyClick(editor, Qt.Key.Key_Space)
    else:  # Cyrillic has no key code in QTest's table: send the text, as a layout does
        QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, char,
                           Qt.KeyboardModifier.NoModifier)


def type_at_places(app: QApplication, editor: BodyEditor, chars: int,
                   places: int) -> list[float]:
    """Milliseconds per keystroke, key event plus the processing it triggers."""
    samples: list[float] = []
    per_place = max(chars // places, 1)
    for i in range(places):
        cursor = editor.textCursor()
        length = editor.document().characterCount() - 1
        cursor.setPosition(int(length * i / max(places - 1, 1)))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        app.processEvents()
        text = (TYPED * (per_place // len(TYPED) + 1))[:per_place]
        for char in text:
            t0 = time.perf_counter()
            _key(editor, char)
            app.processEvents()
            samples.append((time.perf_counter() - t0) * 1000)
    return samples


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _editor(md: str) -> BodyEditor:
    editor = BodyEditor()
    editor.resize(900, 700)
    editor.set_markdown(md)
    editor.show()
    return editor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.typing_bench",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=300, help="keystrokes per editor")
    parser.add_argument("--places", type=int, default=6, help="where in the text to type")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    md = article_markdown(args.words, args.seed)
    words = len(md.split())

    load_ms = _timed(load_dictionary)
    checker = SpellChecker(load_dictionary())

    off = _editor(md)
    on = _editor(md)
    highlighter = SpellHighlighter(on.document())
    # Wired as ui.widgets.spell_menu.SpellingMenu wires it in the app.
    highlighter.follow_cursor(lambda: on.textCursor().position())
    on.cursorPositionChanged.connect(highlighter.cursor_moved)
    app.processEvents()
    # The first check of the whole text runs in slices between events: what
    # matters to a typist is the longest slice, not the total.
    slices: list[float] = []
    t0 = time.perf_counter()
    highlighter.set_checker(checker)
    while highlighter.passing:
        slices.append(_timed(app.processEvents))
    first_pass_ms = (time.perf_counter() - t0) * 1000

    # Warm both editors up (first layout of the typed area), then measure.
    type_at_places(app, off, 20, 2)
    type_at_places(app, on, 20, 2)
    base = type_at_places(app, off, args.chars, args.places)
    spell = type_at_places(app, on, args.chars, args.places)

    suggest_ms = _timed(lambda: checker.suggestions("помилкка"))
    # How long the GUI thread cannot run Python while a worker suggests: the
    # longest gap between two of its clock readings 1 ms apart (each reading
    # needs the GIL, which the worker holds inside Hunspell).
    stalls: list[float] = []
    for word in ("депутатт", "Малашкові", "пресс-служба"):
        worker = threading.Thread(target=checker.suggestions, args=(word,))
        last = time.perf_counter()
        worker.start()
        while worker.is_alive():
            now = time.perf_counter()
            stalls.append((now - last) * 1000)
            last = now
            time.sleep(0.001)
        stalls.append((time.perf_counter() - last) * 1000)
        worker.join()

    off.close()
    on.close()

    def row(name: str, samples: list[float]) -> str:
        return (f"{name:<22} {statistics.median(samples):>8.2f} "
                f"{_percentile(samples, 0.95):>8.2f} {max(samples):>8.2f} {len(samples):>6}")

    print(f"Typing in a {words:,}-word article ({args.places} places, offscreen)")
    print(f"{'editor':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'keys':>6}")
    print(row("spelling off (base)", base))
    print(row("spelling on", spell))
    p95_on, p95_off = _percentile(spell, 0.95), _percentile(base, 0.95)
    print(f"ratio on/off: p50 {statistics.median(spell) / statistics.median(base):.2f}x, "
          f"p95 {p95_on / p95_off:.2f}x; goal p95 < {GOAL_MS:.0f} ms: "
          f"{'met' if p95_on < GOAL_MS else 'MISSED'}")
    print()
    print(f"{'one-off cost':<44} {'ms':>8}")
    print(f"{'dictionary load (worker; holds the GIL)':<44} {load_ms:>8.0f}")
    print(f"{'first check of the whole article, in total':<44} {first_pass_ms:>8.0f}")
    print(f"{'  longest slice of it (GUI thread)':<44} {max(slices, default=0.0):>8.0f}")
    print(f"{'suggestions for «помилкка» (worker)':<44} {suggest_ms:>8.0f}")
    print(f"{'GUI thread frozen while a suggestion runs':<44} {max(stalls):>8.0f}")


if __name__ == "__main__":
    main()
