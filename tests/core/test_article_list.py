"""The article list: every filter, every sort order, search and paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from newsroom.domain.statuses import Status
from newsroom.services import article_list, articles
from newsroom.services.article_list import ListQuery, SortColumn
from newsroom.services.articles import Draft
from newsroom.storage.db import Database, sort_key
from newsroom.storage.models import Article
from tests.conftest import People

BASE = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    lead: str
    section: str | None
    author: str
    status: Status
    days: int
    scheduled_in: int | None = None


SPECS = (
    Spec("volunteers", "Волонтерські організації отримали гранти",
         "Гроші підуть на обладнання.", "Суспільство", "writer", Status.PUBLISHED, 5),
    Spec("budget", "Бюджет на наступний рік ухвалено", "Про м'ясо і хліб: ціни зростуть.",
         "Економіка", "writer2", Status.DRAFT, 4),
    Spec("meeting", "Зустріч з ВОЛОНТЕРАМИ", "Подяка від громади.", None, "writer",
         Status.IN_REVIEW, 3),
    Spec("family", "Сім’я зі Знам’янки отримала житло", "Ключі вручили в неділю.",
         "Суспільство", "writer2", Status.IN_REVIEW, 2),
    Spec("discount", "100% знижка_на проїзд", "Шлях C:\\квитки не потрібен.", "Економіка",
         "editor", Status.SCHEDULED, 1, scheduled_in=2),
    Spec("franko", "Іван Франко: ювілейні читання", "Вечір поезії.", "Культура", "writer",
         Status.TRASHED, 6),
    Spec("porch", "Ґанок музею відреставрували", "Роботи тривали рік.", "Культура", "editor",
         Status.APPROVED, 7),
    Spec("yahotyn", "Яготин святкує день міста", "Програма свята.", None, "reviewer",
         Status.QUEUED, 0, scheduled_in=1),
    Spec("hora", "гора Говерла чекає туристів", "Сезон відкрито.", "Туризм", "writer2",
         Status.CHANGES_REQUESTED, 8, scheduled_in=3),
)


@pytest.fixture
def ids(db: Database, people: People) -> dict[str, int]:
    found: dict[str, int] = {}
    with db.uow() as uow:
        for spec in SPECS:
            view = articles.create(uow, getattr(people, spec.author),
                                   Draft(title=spec.title, lead=spec.lead, section=spec.section),
                                   status=spec.status)
            row = uow.session.get(Article, view.id)
            assert row is not None
            row.updated_at = BASE + timedelta(days=10 - spec.days)
            if spec.scheduled_in is not None:
                row.scheduled_at = BASE + timedelta(days=20 + spec.scheduled_in)
            found[spec.key] = view.id
        uow.commit()
    return found


def _rows(db: Database, query: ListQuery, offset: int = 0, limit: int = 200) -> list[int]:
    with db.uow() as uow:
        rows = article_list.query_rows(uow, query, offset=offset, limit=limit)
        count = article_list.count_rows(uow, query)
    if offset == 0 and limit >= count:
        assert count == len(rows), query
    return [r.id for r in rows]


def _keys(ids: dict[str, int], found: list[int]) -> list[str]:
    names = {v: k for k, v in ids.items()}
    return [names[i] for i in found]


def _found(db: Database, ids: dict[str, int], **query: object) -> set[str]:
    return set(_keys(ids, _rows(db, ListQuery(**query))))  # type: ignore[arg-type]


def test_the_default_list_is_newest_first_without_the_trash(db: Database,
                                                            ids: dict[str, int]) -> None:
    assert _keys(ids, _rows(db, ListQuery())) == [
        "yahotyn", "discount", "family", "meeting", "budget", "volunteers", "porch", "hora"]
    everything = _keys(ids, _rows(db, ListQuery(include_trashed=True)))
    assert everything.index("franko") == everything.index("volunteers") + 1
    assert len(everything) == len(SPECS)


def test_every_filter_narrows_the_list(db: Database, ids: dict[str, int],
                                       people: People) -> None:
    assert _found(db, ids, status=Status.IN_REVIEW) == {"meeting", "family"}
    assert _found(db, ids, status=Status.TRASHED) == {"franko"}  # asked for, so shown
    assert _found(db, ids, section="Культура") == {"porch"}
    assert _found(db, ids, section="Культура", include_trashed=True) == {"porch", "franko"}
    assert _found(db, ids, section="Немає такого") == set()
    assert _found(db, ids, author_id=people.writer) == {"volunteers", "meeting"}
    assert _found(db, ids, author_id=people.writer2, section="Суспільство") == {"family"}
    assert _found(db, ids, waiting_for_review_by=people.reviewer) == {"meeting", "family"}
    assert _found(db, ids, waiting_for_review_by=people.writer) == {"family"}
    assert _found(db, ids, waiting_for_review_by=people.writer2) == {"meeting"}
    assert _found(db, ids, waiting_for_review_by=people.writer,
                  status=Status.DRAFT) == set()
    assert _found(db, ids, search="волонтер", status=Status.IN_REVIEW) == {"meeting"}


def _expected(db: Database, ids: dict[str, int], sort: SortColumn,
              descending: bool) -> list[str]:
    """The order computed in Python from the stored rows."""
    with db.uow() as uow:
        rows = article_list.query_rows(uow, ListQuery(include_trashed=True))
    order = list(Status)

    def key(row: object) -> object:
        match sort:
            case SortColumn.TITLE:
                return sort_key(row.title)  # type: ignore[attr-defined]
            case SortColumn.STATUS:
                return order.index(row.status)  # type: ignore[attr-defined]
            case SortColumn.SECTION:
                value = row.section  # type: ignore[attr-defined]
                return None if value is None else sort_key(value)
            case SortColumn.AUTHOR:
                return sort_key(row.author)  # type: ignore[attr-defined]
            case SortColumn.UPDATED:
                return row.updated_at  # type: ignore[attr-defined]
            case SortColumn.SCHEDULED:
                return row.scheduled_at  # type: ignore[attr-defined]
        raise AssertionError(sort)

    with_key = [(key(r), r.id) for r in rows]
    present = sorted([x for x in with_key if x[0] is not None], reverse=descending)
    missing = sorted([x for x in with_key if x[0] is None], key=lambda x: x[1],
                     reverse=descending)
    return _keys(ids, [i for _, i in present + missing])


def test_every_column_sorts_both_ways(db: Database, ids: dict[str, int]) -> None:
    for sort in SortColumn:
        for descending in (False, True):
            got = _keys(ids, _rows(db, ListQuery(sort=sort, descending=descending,
                                                 include_trashed=True)))
            assert got == _expected(db, ids, sort, descending), (sort, descending)
            assert got != _expected(db, ids, sort, not descending), (sort, descending)


def test_sorting_follows_the_ukrainian_alphabet_and_the_workflow(db: Database,
                                                                 ids: dict[str, int]) -> None:
    titles = _keys(ids, _rows(db, ListQuery(sort=SortColumn.TITLE, descending=False,
                                            include_trashed=True)))
    # Digits first; «гора» in lower case among the capitals; Ґ after Г, І after З, Я last
    # (in code-point order Ґ, І and Я would all come after Я's neighbours).
    assert titles == ["discount", "budget", "volunteers", "hora", "porch", "meeting", "franko",
                      "family", "yahotyn"]
    statuses = _keys(ids, _rows(db, ListQuery(sort=SortColumn.STATUS, descending=False,
                                              include_trashed=True)))
    assert statuses[0] == "budget" and statuses[-1] == "franko"  # draft … trashed
    assert statuses.index("hora") < statuses.index("porch") < statuses.index("yahotyn")
    sections = _keys(ids, _rows(db, ListQuery(sort=SortColumn.SECTION, descending=True)))
    assert set(sections[-2:]) == {"meeting", "yahotyn"}  # no section: last either way
    sections = _keys(ids, _rows(db, ListQuery(sort=SortColumn.SECTION, descending=False)))
    assert set(sections[-2:]) == {"meeting", "yahotyn"}
    scheduled = _keys(ids, _rows(db, ListQuery(sort=SortColumn.SCHEDULED, descending=False)))
    assert scheduled[:3] == ["yahotyn", "discount", "hora"]


def test_search_folds_cyrillic_case(db: Database, ids: dict[str, int]) -> None:
    assert _found(db, ids, search="ВОЛОНТЕР") == {"volunteers", "meeting"}
    assert _found(db, ids, search="волонтерами") == {"meeting"}
    assert _found(db, ids, search="  Волонтерські   ") == {"volunteers"}
    assert _found(db, ids, search="ҐАНОК") == {"porch"}
    assert _found(db, ids, search="їЖа") == set()
    assert _found(db, ids, search="ювілейні") == set()  # in the trash
    assert _found(db, ids, search="ювілейні", include_trashed=True) == {"franko"}


def test_search_looks_in_the_lead_too(db: Database, ids: dict[str, int]) -> None:
    assert _found(db, ids, search="ОБЛАДНАННЯ") == {"volunteers"}
    assert _found(db, ids, search="подяка від") == {"meeting"}


def test_search_treats_the_three_apostrophes_alike(db: Database, ids: dict[str, int]) -> None:
    for typed in ("сім'я", "сімʼя", "сім’я", "СІМ'Я", "знам'янки", "ЗНАМʼЯНКИ"):
        assert _found(db, ids, search=typed) == {"family"}, typed
    # The text itself has an ASCII apostrophe here.
    for typed in ("м’ясо", "Мʼясо", "М'ЯСО"):
        assert _found(db, ids, search=typed) == {"budget"}, typed


def test_punctuation_in_the_query_is_never_syntax(db: Database, ids: dict[str, int]) -> None:
    """Only the words of a query are looked up: LIKE wildcards, backslashes and
    FTS operators are neither patterns nor errors."""
    assert _found(db, ids, search="%") == set()  # no word at all
    assert _found(db, ids, search="100%") == {"discount"}
    assert _found(db, ids, search="знижка_на") == {"discount"}
    assert _found(db, ids, search="знижка_н_") == set()  # "_" is not "any character"
    assert _found(db, ids, search="з%ка") == set()
    assert _found(db, ids, search="C:\\КВИТКИ") == {"discount"}
    assert _found(db, ids, search="\\%") == set()
    assert _found(db, ids, search="знижка OR гора") == set()  # OR is a word here
    assert _found(db, ids, search="знижк*") == {"discount"}  # the typed word as a prefix


def test_a_typed_word_also_finds_longer_words_it_starts(db: Database,
                                                         ids: dict[str, int]) -> None:
    assert _found(db, ids, search="волонт") == {"volunteers", "meeting"}
    assert _found(db, ids, search="Говер") == {"hora"}
    assert _found(db, ids, search="Гов") == set()  # under four letters: whole words only
    assert _found(db, ids, search="Знам’ян") == {"family"}
    assert _found(db, ids, search="олонтер") == set()  # the start of a word, not its middle


HOSTILE = [
    "'", '"', "''", "';DROP TABLE articles;--", "\" OR 1=1 --", "[", "]", "[а-я]", "(", ")",
    "{}", "{0}", "{name}", "*", "?", "^$", ".*", "\\", "\\\\", "%", "_", "%_%", "\\%\\_",
    "«»", "’", "ʼ", "😀", "🇺🇦 волонтер", "👩‍👩‍👧", "\t\n\r", "\u200b", "\u202e", "ß", "İ", "ΐ",
    "\x00", "волон\x00тер", "\ud800", "a" * 10_000, "😀" * 10_000, "%" * 10_000,
    "ΐ" * 5_000, "'" * 10_000, "ї" * 4_999,
]


def test_hostile_queries_return_results_or_nothing(db: Database, ids: dict[str, int]) -> None:
    for query in HOSTILE:
        for sort in (SortColumn.UPDATED, SortColumn.TITLE):
            found = _rows(db, ListQuery(search=query, sort=sort, include_trashed=True))
            assert set(found) <= set(ids.values()), repr(query[:20])
        if len(query) >= 5_000 or "\x00" in query or "\ud800" in query:
            assert found == [], repr(query[:20])
    # The lemma search reads only the words of a query, so the flag is ignored
    # and "волонтер" finds «ВОЛОНТЕРАМИ» and, as a prefix, «Волонтерські».
    assert _found(db, ids, search="🇺🇦 волонтер") == {"volunteers", "meeting"}
    assert _found(db, ids, search="🇺🇦") == set()
    assert _found(db, ids, search="ΐ") == set()


def test_paging_is_stable_when_every_key_ties(db: Database, people: People) -> None:
    same = BASE + timedelta(days=1)
    with db.uow() as uow:
        for n in range(23):
            view = articles.create(uow, people.writer if n % 2 else people.writer2,
                                   Draft(title="Однаковий заголовок", section="Новини"),
                                   status=Status.DRAFT)
            row = uow.session.get(Article, view.id)
            assert row is not None
            row.updated_at = same
        uow.commit()
    for sort in SortColumn:
        for descending in (False, True):
            query = ListQuery(sort=sort, descending=descending)
            whole = _rows(db, query)
            paged: list[int] = []
            for offset in range(0, 30, 7):
                paged += _rows(db, query, offset=offset, limit=7)
            assert paged == whole, (sort, descending)
            assert len(set(whole)) == 23
    whole = _rows(db, ListQuery(sort=SortColumn.TITLE))
    assert whole == sorted(whole, reverse=True)  # the id decides among equal titles


def test_list_rows_keeps_its_signature_and_delegates(db: Database, ids: dict[str, int],
                                                     people: People) -> None:
    with db.uow() as uow:
        assert [r.id for r in articles.list_rows(uow)] == _rows(db, ListQuery())
        assert [r.id for r in articles.list_rows(uow, status=Status.IN_REVIEW, limit=1,
                                                 offset=1)] == [ids["meeting"]]
        assert [r.id for r in articles.list_rows(uow, section="Культура",
                                                 include_trashed=True)] == [ids["franko"],
                                                                            ids["porch"]]
        assert [r.id for r in articles.list_rows(uow, author_id=people.reviewer)] == [
            ids["yahotyn"]]
        row = articles.list_rows(uow, status=Status.SCHEDULED)[0]
    assert (row.title, row.section, row.author, row.status) == (
        "100% знижка_на проїзд", "Економіка", "Надія Шевчук", Status.SCHEDULED)
    assert row.scheduled_at == BASE + timedelta(days=22)


def test_slug_availability_and_suggestion(db: Database, people: People) -> None:
    with db.uow() as uow:
        first = articles.create(uow, people.writer, Draft(title="Зимова Україна")).id
        uow.commit()
        assert articles.slug_available(uow, "zymova-ukraina", None) is False
        assert articles.slug_available(uow, "zymova-ukraina", first) is True  # its own
        assert articles.slug_available(uow, "inshyi", None) is True
        assert articles.slug_available(uow, "  ", None) is False
        assert articles.suggest_slug(uow, "Зимова Україна", None) == "zymova-ukraina-2"
        assert articles.suggest_slug(uow, "Зимова Україна", first) == "zymova-ukraina"
        assert articles.suggest_slug(uow, "Знам’янка", None) == "znamianka"
        second = articles.create(uow, people.writer, Draft(title="Зимова Україна")).id
        uow.commit()
        assert articles.get(uow, second).slug == "zymova-ukraina-2"  # what was suggested
        assert articles.suggest_slug(uow, "Зимова Україна", None) == "zymova-ukraina-3"
        assert articles.suggest_slug(uow, "", None) == "article"
