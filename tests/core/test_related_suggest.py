"""Finding articles for "Читайте також": search by text and ranked suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from newsroom.domain.statuses import Status
from newsroom.services import articles, related, related_suggest
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import Article, ArticleTerm
from tests.conftest import People

NOW = datetime(2024, 9, 1, 9, 0, tzinfo=UTC)


def _article(db: Database, people: People, title: str, lead: str = "",
             status: Status = Status.PUBLISHED, days_ago: int | None = 0,
             section: str | None = None, tags: Sequence[str] = (), body: str = "") -> int:
    with db.uow() as uow:
        view = articles.create(uow, people.editor, Draft(title=title, lead=lead, body=body,
                                                         section=section, tags=tags),
                               status=status)
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


FILLER = ("Погода на вихідні", "Футбольний матч на стадіоні", "Нова лікарня для міста",
          "Випускники складають іспити", "Театральний фестиваль у парку",
          "Податкова нагадує про декларації", "Ремонт мосту через річку",
          "Виставка старовинних ікон")


def _filler(db: Database, people: People) -> None:
    """Unrelated published articles, so a word in a few test articles is rare,
    as it would be in a real archive."""
    for n, title in enumerate(FILLER):
        _article(db, people, title, days_ago=400 + n)


def _suggest(db: Database, article_id: int, limit: int = 10) -> list[related_suggest.Suggestion]:
    with db.uow() as uow:
        return related_suggest.suggest(uow, article_id, limit)


def test_inflected_forms_meet_and_the_shared_lemmas_are_shown(db: Database,
                                                             people: People) -> None:
    own = _article(db, people, "Волонтерська організація отримала грант", status=Status.DRAFT)
    inflected = _article(db, people, "Гранти для волонтерських організацій",
                         lead="Конкурс для громадських об’єднань.", days_ago=20)
    unrelated = _article(db, people, "Ремонт дороги на Полтавщині", days_ago=0)
    found = _suggest(db, own)
    assert [s.article.id for s in found] == [inflected]
    assert set(found[0].shared_terms) == {"волонтерський", "організація", "грант"}
    assert unrelated not in [s.article.id for s in found]
    assert found[0].score > 0


def test_a_volunteer_article_is_suggested_above_unrelated_ones(db: Database,
                                                               people: People) -> None:
    _filler(db, people)
    own = _article(db, people, "Волонтерські організації області отримали гранти",
                   lead="Гранти отримали громадські організації, що допомагають військовим.",
                   status=Status.DRAFT, section="Суспільство")
    volunteer = _article(db, people, "Волонтерів відзначили в облдержадміністрації",
                         lead="Нагороди отримали представники волонтерських організацій.",
                         days_ago=90, section="Економіка")
    roads = _article(db, people, "Ремонт дороги в області завершено",
                     lead="Дорожники працювали все літо.", days_ago=30, section="Суспільство")
    concert = _article(db, people, "Концерт у філармонії області",
                       lead="Квитки вже у продажу.", days_ago=0, section="Суспільство")
    for n in range(4):  # «область» is in most of the feed, so it weighs little
        _article(db, people, f"Новини області №{n}", lead="Коротко про головне.", days_ago=n + 1)
    # The same words as the article, but never to be linked.
    draft = _article(db, people, "Волонтерські організації отримали гранти",
                     status=Status.DRAFT)
    trashed = _article(db, people, "Волонтерські організації отримали гранти",
                       status=Status.TRASHED)
    unpublished = _article(db, people, "Волонтерські організації отримали гранти",
                           status=Status.UNPUBLISHED)
    scheduled = _article(db, people, "Волонтерські організації отримали гранти",
                         status=Status.SCHEDULED, days_ago=None)
    nothing_shared = _article(db, people, "Погода на вихідні", days_ago=0)

    found = _suggest(db, own)
    order = [s.article.id for s in found]
    assert order[0] == volunteer
    assert order.index(volunteer) < order.index(roads)
    assert order.index(volunteer) < order.index(concert)
    assert not {own, draft, trashed, unpublished, scheduled, nothing_shared} & set(order)
    best = found[0]
    assert set(best.shared_terms) >= {"волонтерський", "організація"}
    assert best.shared_terms[0] in {"волонтерський", "організація"}
    assert "область" not in best.shared_terms
    assert best.score > found[order.index(concert)].score
    assert best.article.title == "Волонтерів відзначили в облдержадміністрації"
    assert best.article.status is Status.PUBLISHED
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert [s.article.id for s in _suggest(db, own, limit=2)] == order[:2]
    assert _suggest(db, own, limit=0) == []

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


def test_the_body_counts_and_stop_words_and_numbers_do_not(db: Database,
                                                           people: People) -> None:
    _filler(db, people)
    own = _article(db, people, "Звіт", status=Status.DRAFT,
                   body="Повідомили, що у 2024 році також було багато заходів. "
                        "Пасічники зібрали мед.")
    honey = _article(db, people, "Ярмарок", body="На ярмарку пасічники продавали мед.",
                     days_ago=5)
    chatter = _article(db, people, "Засідання",
                       body="Повідомили, що у 2024 році також було багато заходів.", days_ago=0)
    found = _suggest(db, own)
    order = [s.article.id for s in found]
    assert order[0] == honey
    assert set(found[0].shared_terms) == {"пасічник", "мед"}
    chat = found[order.index(chatter)] if chatter in order else None
    # «захід» is the only real word «chatter» shares: stop words, «рік» and 2024 are not terms.
    assert chat is None or chat.shared_terms == ("захід",)


def test_shared_tags_and_section_count_and_recency_breaks_ties(db: Database,
                                                               people: People) -> None:
    own = _article(db, people, "Зимовий марафон", status=Status.DRAFT, section="Спорт",
                   tags=["Біг", "Полтава"])
    # The same text: the same similarity, so the bonuses decide.
    tagged = _article(db, people, "Марафон", days_ago=50, tags=["біг", "Полтава"])
    one_tag = _article(db, people, "Марафон", days_ago=50, tags=["Полтава"])
    old_section = _article(db, people, "Марафон", days_ago=100, section="Спорт")
    new_section = _article(db, people, "Марафон", days_ago=1, section="Спорт")
    plain = _article(db, people, "Марафон", days_ago=3)
    only_a_tag = _article(db, people, "Виставка квітів", days_ago=0, tags=["Біг"])
    stranger = _article(db, people, "Виставка квітів", days_ago=0, section="Спорт",
                        tags=["Квіти"])
    found = _suggest(db, own)
    assert [s.article.id for s in found] == [tagged, one_tag, new_section, old_section, plain,
                                             only_a_tag]
    assert stranger not in [s.article.id for s in found]
    assert found[-1].shared_terms == ()
    assert all(s.shared_terms == ("марафон",) for s in found[:-1])


def test_no_candidates_no_suggestions(db: Database, people: People) -> None:
    own = _article(db, people, "Єдина стаття в базі", status=Status.DRAFT)
    assert _suggest(db, own) == []


def test_an_article_missing_from_the_term_index_is_weighed_on_the_fly(db: Database,
                                                                       people: People) -> None:
    own = _article(db, people, "Пасічники зібрали мед", status=Status.DRAFT)
    honey = _article(db, people, "Мед від пасічників", days_ago=1)
    with db.uow() as uow:
        uow.session.execute(delete(ArticleTerm).where(ArticleTerm.article_id == own))
        uow.commit()
    found = _suggest(db, own)
    assert [s.article.id for s in found] == [honey]
    assert set(found[0].shared_terms) == {"пасічник", "мед"}


def test_an_unknown_article_is_not_found(db: Database, people: People) -> None:
    import pytest

    from newsroom.domain.errors import NotFound

    with pytest.raises(NotFound):
        _suggest(db, 987_654)
