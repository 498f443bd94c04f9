"""SIGKILL while typing, over and over: nothing older than one autosave interval is lost.

The real app (``main.py``, offscreen) runs in a subprocess on one SQLite file
for the whole chain. Each cycle's NEWSROOM_TEST_SCRIPT recovers what the last
crash left (through the recovery dialog, as a user would), opens the article,
and types a known Ukrainian text into the real editor with key events, one per
timer tick so the event loop (and with it autosave) keeps running; every
``SAVE_EVERY`` characters it saves as Ctrl+S does. The test kills it with
SIGKILL at a seeded random moment and then, from outside the app, checks the
file: ``PRAGMA integrity_check``, every revision the app reported saved, and
that the text the next start will offer is a prefix of what was typed and
misses nothing typed before the last autosave interval. The next cycle starts
from that recovered text, so recovery itself is exercised at every kill.

Before typing, each start lets the app warm up (see :func:`warm_up`, a known
defect outside autosave). Seeds: ``NEWSROOM_CRASH_SEED=N`` replays a run (the
seed is printed and is in the figures).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsroom.domain.roles import Role
from newsroom.services import articles, autosave, users
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.reliability.conftest import Figures, scale
from tests.support.app_process import LineReader, start_app

SEED_ENV = "NEWSROOM_CRASH_SEED"
TYPE_AT_ONCE_ENV = "NEWSROOM_CRASH_TYPE_AT_ONCE"

AUTOSAVE_MS = 500
"""The app's autosave interval for this test (NEWSROOM_AUTOSAVE_MS)."""

WRITE_SLACK_MS = 250
"""What the promise allows beyond the autosave interval itself. A keystroke
reaches the autosave table at most one interval after it is typed, plus: the
timer's lateness (Qt's coarse timers may fire 5 % late, and the GUI thread is
busy with key events and Markdown of a growing text), the wait for the single
worker thread (a save or a lock heartbeat may be ahead in its queue, and the
GIL is shared) and the write itself (one row upsert, one SQLite transaction in
WAL mode). Each of these is milliseconds to tens of milliseconds; 250 ms keeps
the check about lost text, not about a slow test machine."""

TYPE_MS = 25
"""One character every 25 ms (some 400 words a minute): faster than anyone
types, and without pauses. The window hands the body to the session only after
a pause in typing; before autosave asked for it first, steady typing was never
autosaved at all (this test found that)."""

SAVE_EVERY = 120
"""Save (Ctrl+S) every 120 characters, about every 3 s: rarer than autosave,
so most kills land where only autosave protects the text."""

KILL_AFTER_S = (0.2, 3.0)
"""Kill this long (uniformly chosen) after the child reports it started typing."""

START_TIMEOUT_S = 90.0

TEXT = (
    "Нарада щодо опалювального сезону відбулася у вівторок в міській раді. «Котельні "
    "готові на 95 відсотків, а решту робіт завершать до п’ятниці», — повідомив заступник "
    "міського голови.\n\n"
    "Він додав, що пам’ятку для мешканців розмістять на сайті ради та в соцмережах. "
    "Об’єднання співвласників багатоквартирних будинків мають подати заявки на ремонт "
    "теплових пунктів до 15 жовтня.\n\n"
    "«Ми не допустимо, щоб хтось лишився без тепла», — наголосив він. Своє ім’я в переліку "
    "відповідальних знайде кожен керівник комунального підприємства, а графік підключення "
    "оприлюднять у понеділок.\n\n"
)
"""Cycled for as long as the chain types: paragraphs of single-spaced words with no
Markdown syntax, so the editor's Markdown of it is the typed text itself (less
trailing spaces and breaks, which Markdown does not keep). A paragraph break is
"\n\n" in Markdown and one Return key in the editor."""


def warm_up() -> bool:
    """Whether each start lets the app warm up before typing.

    It does by default: it waits for the spelling dictionary and loads the
    search lemmatizer. Each is about a second of work on the app's one database
    worker the first time (the dictionary when an article opens, the
    lemmatizer at the first save, for its search index), and autosave writes
    queue behind it. A crash in that second after start-up loses more than an
    interval: a known defect, reported, outside autosave's own code.
    ``NEWSROOM_CRASH_TYPE_AT_ONCE=1`` types at once and shows it.
    """
    return os.environ.get(TYPE_AT_ONCE_ENV, "") != "1"


def typed_text(count: int) -> str:
    """The first ``count`` characters the chain types, across all cycles."""
    whole, part = divmod(count, len(TEXT))
    return TEXT * whole + TEXT[:part]


def canon(body: str) -> str:
    """A body as typed text: the editor's Markdown ends with a newline and drops
    trailing spaces and empty paragraphs, none of which is typing lost."""
    return body.rstrip()


CYCLE_SCRIPT = """
    import hashlib
    import json
    import time

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    ARTICLE = {article_id}
    TEXT = {text!r}
    TYPE_MS = {type_ms}
    SAVE_EVERY = {save_every}
    FINAL = {final}
    WARM_UP = {warm_up}


    def say(*parts):
        print(*parts, flush=True)


    if recovery is not None:
        say("offered", json.dumps([item.article_id for item in recovery.items()]))
        recovery.recover_button.click()
        article = articles.find(ARTICLE)
    else:
        article = articles.open(ARTICLE)
    assert article is not None, "no window for the article"
    session = article.session
    assert wait_until(lambda: session.view is not None and not session.read_only, 60_000), \\
        "the article did not open for editing"
    editor = article.editor
    start = editor.to_markdown()
    say("start", json.dumps(start, ensure_ascii=False))


    def on_saved(view):
        body = view.body.encode("utf-8")
        say("saved", view.revision, hashlib.sha256(body).hexdigest(), repr(time.monotonic()))
        if FINAL:
            app.exit(0)


    session.saved.connect(on_saved)
    session.autosaved.connect(lambda _when: say("autosaved", repr(time.monotonic())))
    session.conflict.connect(lambda _conflict: say("refused", "conflict"))
    session.error.connect(lambda text: say("refused", json.dumps(text, ensure_ascii=False)))
    if FINAL:
        if not article.save():
            say("nothing-to-save")
            app.exit(0)
    else:
        state = {{"typed": len(start.rstrip())}}
        assert (TEXT * (state["typed"] // len(TEXT) + 1)).startswith(start.rstrip()), \\
            "the editor does not hold a prefix of the typing"
        if WARM_UP:
            assert wait_until(lambda: article.spelling.checker is not None, 60_000), \\
                "the spelling dictionary did not load"
            from newsroom.text.lemmas import lemmas
            lemmas(TEXT)  # what the first save's search indexing would load
        editor.setFocus()
        QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)

        def type_one():
            at = state["typed"]
            if TEXT[at % len(TEXT)] == "\\n":
                QTest.keyClick(editor, Qt.Key.Key_Return)
                state["typed"] += 2  # a new paragraph: "\\n\\n" in Markdown
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown,
                                   TEXT[at % len(TEXT)], Qt.KeyboardModifier.NoModifier)
                state["typed"] += 1
            say("typed", state["typed"], repr(time.monotonic()))
            if state["typed"] // SAVE_EVERY > at // SAVE_EVERY:
                say("save", repr(time.monotonic()))
                article.save()

        timer = QTimer(article)
        timer.setInterval(TYPE_MS)
        timer.timeout.connect(type_one)
        timer.start()
        say("typing", repr(time.monotonic()))
"""


# ------------------------------------------------------------------ the parent


@dataclass
class Chain:
    """What the chain has seen so far, and every failure it counted."""

    seed: int
    revisions: dict[int, str] = field(default_factory=dict)  # number → sha256 seen in the file
    reported: dict[int, str] = field(default_factory=dict)  # number → sha256 the app reported
    recovered: str = ""  # canon text the next start must offer
    kills: int = 0
    integrity_failures: int = 0
    revisions_checked: int = 0
    revisions_damaged: int = 0
    garbled: int = 0
    refused: int = 0
    late_cycles: int = 0
    late_chars: int = 0
    worst_loss_ms: float = 0.0
    slowest_save_ms: float = 0.0
    app_failures: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.problems.append(text)
        print("PROBLEM:", text, flush=True)


@dataclass(frozen=True)
class Cycle:
    """One child's report: where it started, what it typed when, what it saved."""

    start: str | None
    typed: list[tuple[int, float]]
    saved: list[tuple[int, str]]
    asked: list[float]  # when each save was asked for
    saved_at: list[float]  # when each save was reported done
    autosaved: list[float]  # when each autosave write was done (the child's clock)
    refused: list[str]  # saves that ended in a conflict or an error
    lines: list[str]


def parse(lines: list[str]) -> Cycle:
    start: str | None = None
    typed: list[tuple[int, float]] = []
    saved: list[tuple[int, str]] = []
    autosaved: list[float] = []
    refused: list[str] = []
    asked: list[float] = []
    saved_at: list[float] = []
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "start":
            start = json.loads(rest)
        elif word == "typed":
            count, when = rest.split()
            typed.append((int(count), float(when)))
        elif word == "saved":
            number, digest, when = rest.split()
            saved.append((int(number), digest))
            saved_at.append(float(when))
        elif word == "save":
            asked.append(float(rest))
        elif word == "autosaved":
            autosaved.append(float(rest))
        elif word == "refused":
            refused.append(rest)
    return Cycle(start, typed, saved, asked, saved_at, autosaved, refused, lines)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` on a connection of our own, not the app's code."""
    connection = sqlite3.connect(path)
    try:
        return "; ".join(str(row[0]) for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


@dataclass(frozen=True)
class Stored:
    """The article as the file holds it after a crash."""

    body: str
    revisions: dict[int, str]  # number → body
    pending: str | None  # the autosaved body the next start offers, if any


def read_stored(url: str, user_id: int, article_id: int) -> Stored:
    db = Database(url)
    try:
        with db.uow() as uow:
            article = articles.get(uow, article_id)
            revisions = {r.number: r.body for r in articles.revisions(uow, article_id)}
            pending = [p.body for p in autosave.pending(uow, user_id)
                       if p.article_id == article_id]
        return Stored(article.body, revisions, pending[0] if pending else None)
    finally:
        db.dispose()


def check_revisions(chain: Chain, stored: Stored, cycle: Cycle) -> None:
    """Every revision reported saved is there byte for byte; none seen before changed;
    each is typed text; the article holds the newest."""
    for number, digest in cycle.saved:
        chain.reported[number] = digest
    for number, digest in chain.reported.items():
        chain.revisions_checked += 1
        body = stored.revisions.get(number)
        if body is None or sha(body) != digest:
            chain.revisions_damaged += 1
            chain.problem(f"revision {number} reported saved is missing or differs")
    for number, body in stored.revisions.items():
        seen = chain.revisions.setdefault(number, sha(body))
        text = canon(body)
        if seen != sha(body) or text != typed_text(len(text)):
            chain.revisions_damaged += 1
            chain.problem(f"revision {number} changed or is not typed text: {body[-60:]!r}")
    numbers = sorted(stored.revisions)
    if numbers != list(range(1, len(numbers) + 1)) or (
            numbers and stored.revisions[numbers[-1]] != stored.body):
        chain.revisions_damaged += 1
        chain.problem(f"revisions {numbers} do not end in the article's body")


def kept_typing(recovered: str, typed_total: int) -> int:
    """How many typed characters the recovered text keeps: the spaces and paragraph
    breaks Markdown drops at the end of a text were typed and are not lost."""
    kept = len(recovered)
    ahead = typed_text(typed_total)[kept:]
    return kept + len(ahead) - len(ahead.lstrip())


def check_loss(chain: Chain, cycle: Cycle, killed_at: float, recovered: str) -> None:
    """The recovered text is typed text and keeps everything typed before the last interval."""
    typed_total = cycle.typed[-1][0] if cycle.typed else len(chain.recovered)
    if recovered != typed_text(len(recovered)) or len(recovered) > typed_total:
        chain.garbled += 1
        chain.problem(f"recovered text is not what was typed: …{recovered[-60:]!r}")
        return
    kept = kept_typing(recovered, typed_total)
    due = killed_at - (AUTOSAVE_MS + WRITE_SLACK_MS) / 1000
    # Whatever the cycle started from was typed long before: it must survive too.
    must_keep = max((n for n, when in cycle.typed if when <= due), default=len(chain.recovered))
    if must_keep > kept:
        chain.late_cycles += 1
        chain.late_chars += must_keep - kept
        chain.problem(f"lost {must_keep - kept} characters typed more than "
                      f"{AUTOSAVE_MS + WRITE_SLACK_MS} ms before the kill (kept {kept} of "
                      f"{typed_total}); {timeline(cycle, killed_at)}")
    first_lost = next((when for n, when in cycle.typed if n > kept), None)
    if first_lost is not None:
        chain.worst_loss_ms = max(chain.worst_loss_ms, (killed_at - first_lost) * 1000)


def timeline(cycle: Cycle, killed_at: float) -> str:
    """When the writes happened, in seconds before the kill: what a lost cycle needs explained."""
    def since(times: list[float]) -> str:
        return ", ".join(f"{when - killed_at:+.2f}" for when in times)
    return (f"autosaves done at [{since(cycle.autosaved)}], saves asked at "
            f"[{since(cycle.asked)}] and done at [{since(cycle.saved_at)}] s from the kill")


def after_kill(chain: Chain, url: str, path: Path, ids: tuple[int, int], cycle: Cycle,
               killed_at: float) -> None:
    """Everything the file must promise after a crash, checked from outside the app."""
    user_id, article_id = ids
    verdict = integrity(path)
    if verdict != "ok":
        chain.integrity_failures += 1
        chain.problem(f"integrity_check: {verdict}")
    stored = read_stored(url, user_id, article_id)
    check_revisions(chain, stored, cycle)
    recovered = canon(stored.pending if stored.pending is not None else stored.body)
    check_loss(chain, cycle, killed_at, recovered)
    chain.recovered = recovered


def write_script(tmp_path: Path, article_id: int, final: bool) -> Path:
    script = tmp_path / ("final.py" if final else "cycle.py")
    script.write_text(textwrap.dedent(CYCLE_SCRIPT.format(
        article_id=article_id, text=TEXT, type_ms=TYPE_MS, save_every=SAVE_EVERY,
        final=final, warm_up=warm_up())), encoding="utf-8")
    return script


def started_right(chain: Chain, cycle: Cycle, stderr: Path) -> bool:
    """The child started from exactly the text the last crash left, and every save it
    asked for went through (the only writer cannot conflict with itself)."""
    for reason in cycle.refused:
        chain.refused += 1
        chain.problem(f"a save was refused: {reason}")
    if cycle.start is None:
        chain.app_failures += 1
        chain.problem(f"the app did not open the article; stderr:\n{stderr.read_text()[-3000:]}")
        return False
    if canon(cycle.start) != chain.recovered:
        chain.app_failures += 1
        chain.problem(f"started from {canon(cycle.start)[-60:]!r}, "
                      f"not the recovered {chain.recovered[-60:]!r}")
        chain.recovered = canon(cycle.start)  # go on from what the app shows
    return True


def kill_while_typing(process: subprocess.Popen[str], reader: LineReader,
                      delay: float) -> float | None:
    """SIGKILL ``delay`` seconds after the child started typing; when, or None if it never did."""
    try:
        line = reader.wait_for("typing", START_TIMEOUT_S)
        if line is None:
            return None
        target = float(line.split()[1]) + delay
        time.sleep(max(0.0, target - time.monotonic()))
        killed_at = time.monotonic()  # before the signal: never later than the death
        process.send_signal(signal.SIGKILL)
        return killed_at
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def run_cycle(chain: Chain, rng: random.Random, url: str, path: Path, ids: tuple[int, int],
              tmp_path: Path, number: int) -> None:
    """Start, wait until it types, SIGKILL at the chosen moment, check the file."""
    script = write_script(tmp_path, ids[1], final=False)
    stderr = tmp_path / f"stderr-{number}.txt"
    delay = rng.uniform(*KILL_AFTER_S)
    with stderr.open("w", encoding="utf-8") as err:
        process = start_app(url, script, tmp_path, stderr=err, autosave_ms=AUTOSAVE_MS)
    reader = LineReader(process)
    killed_at = kill_while_typing(process, reader, delay)
    cycle = parse(reader.finish())
    if not started_right(chain, cycle, stderr):
        return
    if killed_at is None:
        chain.app_failures += 1
        chain.problem(f"the app never started typing; stderr:\n{stderr.read_text()[-3000:]}")
        return
    chain.kills += 1
    after_kill(chain, url, path, ids, cycle, killed_at)
    for asked, done in zip(cycle.asked, cycle.saved_at, strict=False):
        chain.slowest_save_ms = max(chain.slowest_save_ms, (done - asked) * 1000)
    typed = cycle.typed[-1][0] if cycle.typed else 0
    print(f"cycle {number}: killed {delay:.2f} s into typing at {typed} characters, "
          f"{len(cycle.saved)} saved, {len(cycle.autosaved)} autosaved, "
          f"{len(chain.recovered)} recovered", flush=True)


def final_cycle(chain: Chain, url: str, path: Path, ids: tuple[int, int],
                tmp_path: Path) -> None:
    """A last start recovers and saves as a user would; then the article is the text."""
    user_id, article_id = ids
    script = write_script(tmp_path, article_id, final=True)
    stderr = tmp_path / "stderr-final.txt"
    with stderr.open("w", encoding="utf-8") as err:
        process = start_app(url, script, tmp_path, stderr=err, autosave_ms=AUTOSAVE_MS)
    reader = LineReader(process)
    try:
        process.wait(timeout=START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)
    cycle = parse(reader.finish())
    if process.returncode != 0:
        chain.app_failures += 1
        chain.problem(f"the final start exited with {process.returncode}; "
                      f"stderr:\n{stderr.read_text()[-3000:]}")
    if not started_right(chain, cycle, stderr):
        return
    if integrity(path) != "ok":
        chain.integrity_failures += 1
        chain.problem("integrity_check after the final save failed")
    stored = read_stored(url, user_id, article_id)
    check_revisions(chain, stored, cycle)
    if canon(stored.body) != chain.recovered or stored.pending is not None:
        chain.app_failures += 1
        chain.problem(f"after the final save the article holds {canon(stored.body)[-60:]!r}, "
                      f"pending {stored.pending is not None}")


def make_file(path: Path) -> tuple[str, tuple[int, int]]:
    url = f"sqlite:///{path.as_posix()}"
    db = Database(url)
    try:
        migrate.upgrade(db)
        with db.uow() as uow:
            user_id = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко",
                                     "Управління у справах преси та інформації").id
            article_id = articles.create(uow, user_id, Draft(
                title="Нарада щодо опалювального сезону")).id
            uow.commit()
    finally:
        db.dispose()
    return url, (user_id, article_id)


def record(figures: Figures, chain: Chain, cycles: int, seconds: float) -> None:
    figures.info("seed", chain.seed)
    figures.add("kills (SIGKILL while typing)", chain.kills, str(cycles), chain.kills == cycles)
    figures.zero("integrity_check failures", chain.integrity_failures)
    figures.info("saved revisions checked (each, after every kill)", chain.revisions_checked)
    figures.zero("revisions damaged", chain.revisions_damaged)
    figures.zero("recovered texts not typed text", chain.garbled)
    figures.zero("saves refused (conflict with own text, error)", chain.refused)
    figures.zero("cycles that lost typing beyond the autosave interval", chain.late_cycles)
    figures.zero("characters lost beyond the autosave interval", chain.late_chars)
    figures.info(f"worst loss, ms of typing (autosave {AUTOSAVE_MS} ms)",
                 round(chain.worst_loss_ms))
    figures.zero("app failures to start or recover", chain.app_failures)
    figures.info("slowest save while typing, ms", round(chain.slowest_save_ms))
    figures.info("seconds", round(seconds, 1))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_while_typing_loses_at_most_the_autosave_interval(
        tmp_path: Path, figures: Figures) -> None:
    """Crash: SIGKILL while typing.

    Why a chain on one file: a crash can leave the file in a state only the
    next crash shows (a half-written WAL, an autosave that outlived its save),
    so each start must cope with everything all the earlier kills left.
    """
    seed = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(2**32))
    print(f"{SEED_ENV}={seed}", flush=True)
    chain = Chain(seed=seed)
    rng = random.Random(seed)
    cycles = scale(5, 50)
    path = tmp_path / "newsroom.sqlite3"
    url, ids = make_file(path)
    began = time.monotonic()
    for number in range(1, cycles + 1):
        run_cycle(chain, rng, url, path, ids, tmp_path, number)
        if chain.app_failures > 3:
            break
    if chain.app_failures <= 3:
        final_cycle(chain, url, path, ids, tmp_path)
    record(figures, chain, cycles, time.monotonic() - began)
    assert chain.problems == [], "\n".join(chain.problems)
    assert chain.kills == cycles
