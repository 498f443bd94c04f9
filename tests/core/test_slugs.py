"""Slugs follow the national transliteration (KMU resolution No. 55, 2010).

Expected values are the examples of the resolution's own table where it has
one for the word, otherwise the table's letter rules applied by hand.
"""

from __future__ import annotations

import unicodedata

import pytest

from newsroom.text.slugs import slugify, unique_slug

# (title, slug) — the word list of the official table plus the office's own
# example title.
KMU_EXAMPLES = [
    (
        "Соціальні служби та волонтерські організації поглиблюють взаємодію",
        "sotsialni-sluzhby-ta-volonterski-orhanizatsii-pohlybliuiut-vzaiemodiiu",
    ),
    ("Алушта", "alushta"),
    ("Борщагівка", "borshchahivka"),
    ("Вінниця", "vinnytsia"),
    ("Гадяч", "hadiach"),
    ("Згорани", "zghorany"),
    ("Розгон", "rozghon"),
    ("Ґорґани", "gorgany"),
    ("Єнакієве", "yenakiieve"),
    ("Гаєвич", "haievych"),
    ("Короп’є", "koropie"),
    ("Жашків", "zhashkiv"),
    ("Закарпаття", "zakarpattia"),
    ("Медвин", "medvyn"),
    ("Іршава", "irshava"),
    ("Їжакевич", "yizhakevych"),
    ("Їжачка", "yizhachka"),
    ("Кадиївка", "kadyivka"),
    ("Мар’їне", "marine"),
    ("Йосипівка", "yosypivka"),
    ("Стрий", "stryi"),
    ("Олексій", "oleksii"),
    ("Київ", "kyiv"),
    ("Миколаїв", "mykolaiv"),
    ("Феодосія", "feodosiia"),
    ("Харків", "kharkiv"),
    ("Біла Церква", "bila-tserkva"),
    ("Чернівці", "chernivtsi"),
    ("Шостка", "shostka"),
    ("Щербухи", "shcherbukhy"),
    ("Запоріжжя", "zaporizhzhia"),
    ("Юрій", "yurii"),
    ("Юрченко", "yurchenko"),
    ("Крюківка", "kriukivka"),
    ("Яготин", "yahotyn"),
    ("Ічня", "ichnia"),
    ("Рівне", "rivne"),
    ("Костянтин", "kostiantyn"),
    ("Чорнобиль", "chornobyl"),
    ("Ужгород", "uzhhorod"),
]


@pytest.mark.parametrize(("title", "expected"), KMU_EXAMPLES)
def test_slugify_follows_the_kmu_table(title: str, expected: str) -> None:
    assert slugify(title) == expected


@pytest.mark.parametrize("apostrophe", ["’", "ʼ", "'"])
def test_every_apostrophe_is_dropped_not_turned_into_a_hyphen(apostrophe: str) -> None:
    assert slugify(f"Знам{apostrophe}янка") == "znamianka"
    assert slugify(f"Сім{apostrophe}я з Знам{apostrophe}янки") == "simia-z-znamianky"


def test_soft_sign_is_not_written() -> None:
    assert slugify("Ньютон і піранья") == "niuton-i-pirania"


def test_first_letter_rule_applies_to_every_word_not_only_the_title_start() -> None:
    assert slugify("Село Яготин і місто Юрчиха") == "selo-yahotyn-i-misto-yurchykha"


def test_zgh_rule_survives_odd_capitalisation() -> None:
    # translitua alone turns "зГ" into "zh", confusing it with "ж".
    assert slugify("зГорани") == "zghorany"
    assert slugify("ЗГОРАНИ") == "zghorany"


def test_decomposed_letters_are_composed_before_transliteration() -> None:
    decomposed = unicodedata.normalize("NFD", "Йосипівка та Їжачка")
    assert decomposed != "Йосипівка та Їжачка"
    assert slugify(decomposed) == "yosypivka-ta-yizhachka"


def test_punctuation_quotes_and_dashes_collapse_to_single_hyphens() -> None:
    assert slugify("«Київ» — 2016: підсумки!!!") == "kyiv-2016-pidsumky"
    assert slugify("  --Рівне--  ") == "rivne"


def test_latin_text_and_accents_are_kept_readable() -> None:
    assert slugify("Café in Lviv, COVID-19") == "cafe-in-lviv-covid-19"


@pytest.mark.parametrize("title", ["", "   ", "!!!", "«»", "’ʼ'", "—"])
def test_titles_without_letters_fall_back_to_article(title: str) -> None:
    assert slugify(title) == "article"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    title = "Соціальні служби та волонтерські організації поглиблюють взаємодію"
    assert slugify(title, max_length=40) == "sotsialni-sluzhby-ta-volonterski"
    # A boundary exactly at the limit keeps the whole last word.
    assert slugify(title, max_length=32) == "sotsialni-sluzhby-ta-volonterski"
    assert slugify(title, max_length=31) == "sotsialni-sluzhby-ta"


def test_default_limit_is_80_and_never_exceeded() -> None:
    title = " ".join(["Запоріжжя"] * 20)
    slug = slugify(title)
    assert len(slug) <= 80
    assert slug.startswith("zaporizhzhia-zaporizhzhia")
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"zaporizhzhia"}


def test_a_single_word_longer_than_the_limit_is_cut_inside_it() -> None:
    assert slugify("Запоріжжя", max_length=5) == "zapor"


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_length"):
        slugify("Київ", max_length=0)


def test_unique_slug_returns_the_base_when_free() -> None:
    assert unique_slug("kyiv", lambda slug: False) == "kyiv"


def test_unique_slug_counts_from_two() -> None:
    taken = {"kyiv", "kyiv-2", "kyiv-3"}
    assert unique_slug("kyiv", taken.__contains__) == "kyiv-4"
    assert unique_slug("kyiv", {"kyiv"}.__contains__) == "kyiv-2"


def test_unique_slug_asks_in_order_and_stops_at_the_first_free() -> None:
    asked: list[str] = []

    def taken(slug: str) -> bool:
        asked.append(slug)
        return slug in {"rivne", "rivne-2"}

    assert unique_slug("rivne", taken) == "rivne-3"
    assert asked == ["rivne", "rivne-2", "rivne-3"]


def test_unique_slug_stays_within_max_length() -> None:
    base = slugify("Соціальні служби та волонтерські організації поглиблюють взаємодію")
    assert len(base) == 70
    taken = {base}
    result = unique_slug(base, taken.__contains__, max_length=70)
    assert len(result) <= 70
    assert result == "sotsialni-sluzhby-ta-volonterski-orhanizatsii-pohlybliuiut-2"


def test_unique_slug_numbers_beyond_nine_still_fit() -> None:
    taken = {"abcd-efgh"} | {f"abcd-{n}" for n in range(2, 10)}
    result = unique_slug("abcd-efgh", taken.__contains__, max_length=9)
    assert result == "abcd-10"


def test_unique_slug_with_empty_base_uses_article() -> None:
    assert unique_slug("", {"article"}.__contains__) == "article-2"


def test_unique_slug_keeps_even_the_fallback_within_the_limit() -> None:
    assert unique_slug("", lambda slug: False, max_length=4) == "arti"
    with pytest.raises(ValueError, match="max_length"):
        unique_slug("kyiv", lambda slug: False, max_length=0)


def test_unique_slug_refuses_a_limit_with_no_room_for_the_number() -> None:
    with pytest.raises(ValueError, match="no room"):
        unique_slug("kyiv", lambda slug: True, max_length=2)
