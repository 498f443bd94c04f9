"""Finding articles for "Читайте також": search by text and ranked suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from newsroom.domain.statuses import Status
from newsroom.services import articles, related, related_suggest
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import Article
from tests.conftest import People

NOW = datetime(2024, 9, 1, 9, 0, tzinfo=UTC)


def _article(db: Database, people: People, title: str, lead: str = "",
             status: Status = Status.PUBLISHED, days_ago: int | None = 0,
             section: str | None = None, tags: Sequence[str] = ()) -> int:
    with db.uow() as uow:
        view = articles.create(uow, people.editor, Draft(title=title, lead=lead, section=section,
                                                         tags=tags), status=status)
        row = uow.session.get(Article, view.id)
        assert row is not None
        row.published_at = NOW - timedelta(days=days_ago) if days_ago is not None else None
        uow.commit()
    return view.id


def _candidates(db: Database, article_id: int, text: str, limit: int = 50) -> list[int]:
    with db.uow() as uow:
        return [r.id for r in related.search_candidates(uow, article_id, text, limit)]


def test_candidates_are_linkable_unlinked_others_matching_the_text(db: Database,
                                                                   people: People) -> None:
    own = _article(db, people, "Волонтери Полтави збирають допомогу", status=Status.DRAFT)
    published = _article(db, people, "Волонтерський штаб відкрито", days_ago=3)
    queued = _article(db, people, "Нові волонтерські проєкти", status=Status.QUEUED,
                      days_ago=None)
    scheduled = _article(db, people, "ВОЛОНТЕРИ на марафоні", status=Status.SCHEDULED,
                         days_ago=None)
    old = _article(db, people, "Волонтерам подякували", lead="Давня історія", days_ago=400)
    in_lead = _article(db, people, "Подяка", lead="Серед них — волонтер Іван.", days_ago=1)
    unrelated = _article(db, people, "Ремонт дороги", days_ago=0)
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED):
        _article(db, people, f"Волонтери ({status.value})", status=status, days_ago=2)

    found = _candidates(db, own, "волонтер")
    assert set(found) == {published, queued, scheduled, old, in_lead}
    assert unrelated not in found and own not in found
    assert found.index(in_lead) < found.index(published) < found.index(old)

    with db.uow() as uow:
        related.add(uow, people.editor, own, published)
        uow.commit()
    assert published not in _candidates(db, own, "ВОЛОНТЕР")
    assert _candidates(db, own, "волонтер", limit=2) == _candidates(db, own, "волонтер")[:2]
    assert _candidates(db, published, "Полтави") == []  # the draft is never offered
    assert _candidates(db, own, "%") == []
    assert _candidates(db, own, "😀" * 10_000) == []
    assert _candidates(db, own, "\x00") == []


def test_without_text_the_newest_published_come_first(db: Database, people: People) -> None:
    own = _article(db, people, "Наша стаття", status=Status.DRAFT)
    ids = [_article(db, people, f"Новина {n}", days_ago=n) for n in (5, 1, 9, 3)]
    found = _candidates(db, own, "   ")
    assert found == [ids[1], ids[3], ids[0], ids[2]]


def _suggest(db: Database, article_id: int, limit: int = 10) -> list[related_suggest.Suggestion]:
    with db.uow() as uow:
        return related_suggest.suggest(uow, article_id, limit)


def test_a_volunteer_article_is_suggested_above_unrelated_ones(db: Database,
                                                               people: People) -> None:
    own = _article(db, people, "Волонтерські організації області отримали гранти",
                   lead="Гранти отримали громадські організації, що допомагають військовим.",
                   status=Status.DRAFT, section="Суспільство")
    volunteer = _article(db, people, "Волонтерів відзначили в облдержадміністрації",
                         lead="Нагороди отримали представники волонтерських організацій.",
                         days_ago=90, section="Економіка")
    unrelated = _article(db, people, "Ремонт дороги в області завершено",
                         lead="Дорожники працювали все літо.", days_ago=30,
                         section="Суспільство")
    newer_unrelated = _article(db, people, "Концерт у філармонії області",
                               lead="Квитки вже у продажу.", days_ago=0, section="Суспільство")
    for n in range(4):  # «області» is in most of the feed, so it weighs little
        _article(db, people, f"Новини області №{n}", lead="Коротко про головне.", days_ago=n + 1)
    draft = _article(db, people, "Волонтерські організації звітують", status=Status.DRAFT)
    trashed = _article(db, people, "Волонтерські організації в кошику", status=Status.TRASHED)
    nothing_shared = _article(db, people, "Погода на вихідні", days_ago=0)

    found = _suggest(db, own)
    order = [s.article.id for s in found]
    assert order[0] == volunteer
    assert order.index(volunteer) < order.index(unrelated)
    assert order.index(volunteer) < order.index(newer_unrelated)
    assert not {own, draft, trashed, nothing_shared} & set(order)
    best = found[0]
    assert set(best.shared_terms) >= {"волонтерські", "організації"}
    assert "області" not in best.shared_terms
    assert best.score > found[order.index(newer_unrelated)].score
    assert best.article.title == "Волонтерів відзначили в облдержадміністрації"
    assert best.article.status is Status.PUBLISHED
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert len(_suggest(db, own, limit=2)) == 2

    with db.uow() as uow:
        related.add(uow, people.editor, own, volunteer)
        uow.commit()
    assert volunteer not in [s.article.id for s in _suggest(db, own)]


def test_a_rare_shared_word_beats_a_common_one(db: Database, people: People) -> None:
    own = _article(db, people, "Бібліотека громади отримала книжки", status=Status.DRAFT)
    rare = _article(db, people, "Бібліотека відкрила читальний зал", days_ago=200)
    common = _article(db, people, "Громади області готуються до зими", days_ago=0)
    for n in range(5):
        _article(db, people, f"Громади звітують №{n}", days_ago=n + 1)
    order = [s.article.id for s in _suggest(db, own)]
    assert order.index(rare) < order.index(common)


def test_shared_tags_and_section_count_and_recency_breaks_ties(db: Database,
                                                               people: People) -> None:
    own = _article(db, people, "Зимовий марафон", status=Status.DRAFT, section="Спорт",
                   tags=["Біг", "Полтава"])
    tagged = _article(db, people, "Тренування на стадіоні", days_ago=50, tags=["біг", "Полтава"])
    one_tag = _article(db, people, "Новий стадіон", days_ago=50, tags=["Полтава"])
    old_section = _article(db, people, "Футбольний матч", days_ago=100, section="Спорт")
    new_section = _article(db, people, "Волейбольний турнір", days_ago=1, section="Спорт")
    stranger = _article(db, people, "Виставка квітів", days_ago=0, section="Культура",
                        tags=["Квіти"])
    order = [s.article.id for s in _suggest(db, own)]
    assert order == [tagged, one_tag, new_section, old_section]
    assert stranger not in order


def test_no_candidates_no_suggestions(db: Database, people: People) -> None:
    own = _article(db, people, "Єдина стаття в базі", status=Status.DRAFT)
    assert _suggest(db, own) == []


def test_terms_are_folded_stemmed_and_skip_short_and_stop_words() -> None:
    terms = related_suggest.terms("ВОЛОНТЕРСЬКІ організації та волонтерів також сім'ї 2024 "
                                  "Сімʼї — дуже")
    assert terms == {"волонтер": "волонтерські", "організац": "організації",
                     "сім’ї": "сім’ї"}
