"""The spelling checker with the shipped uk_UA dictionary (real Hunspell, no mocks)."""

from __future__ import annotations

import threading

import pytest

from newsroom.text.spelling import (
    DICTIONARY_DIR,
    SpellChecker,
    is_checked,
    load_dictionary,
    normalize_word,
    word_at,
)


@pytest.fixture(scope="module")
def checker() -> SpellChecker:
    return SpellChecker(load_dictionary())


def test_the_dictionary_and_its_licence_ship_with_the_package() -> None:
    for name in ("uk_UA.aff", "uk_UA.dic", "uk_UA.license"):
        assert (DICTIONARY_DIR / name).is_file(), name
    assert "MPL" in (DICTIONARY_DIR / "uk_UA.license").read_text(encoding="utf-8")


@pytest.mark.parametrize("word", ["прийом", "прийому", "поліцейських", "зарубіжні",
                                  "оволоділи", "зйомки", "ТГ"])
def test_standard_words_dict_uk_lacks_come_from_our_supplement(checker: SpellChecker,
                                                               word: str) -> None:
    """«Прийом громадян» is in every other news item; the shipped dict_uk has no
    «прийом» (nor «поліцейський»): uk_UA-newsroom.dic adds them, declined."""
    assert checker.is_correct(word)
    assert not load_dictionary(DICTIONARY_DIR).spell("прийомм")


@pytest.mark.parametrize("word", ["сім’я", "сім'я", "сімʼя", "п’ятниця", "м'ясо", "Знам’янка"])
def test_every_apostrophe_form_is_accepted(checker: SpellChecker, word: str) -> None:
    assert checker.is_correct(word)


@pytest.mark.parametrize("word", ["проєкт", "деокупація", "Запоріжжя", "ЗСУ", "Києві",
                                  "будь-який", "ЗАПОРІЖЖЯ", "за́мок"])
def test_modern_words_names_and_abbreviations_are_correct(checker: SpellChecker,
                                                          word: str) -> None:
    assert checker.is_correct(word)


@pytest.mark.parametrize("word", ["помилкка", "депутатт", "запоріжжя", "Kиїв", "зсу"])
def test_wrong_words_are_flagged(checker: SpellChecker, word: str) -> None:
    # "Kиїв" hides a Latin K; names and abbreviations keep their capitals.
    assert not checker.is_correct(word)


@pytest.mark.parametrize("token", ["COVID-19", "2025", "5-й", "Starlink", "Zaporizhzhia", "в",
                                   "І"])
def test_numbers_latin_words_and_single_letters_are_not_checked(checker: SpellChecker,
                                                                 token: str) -> None:
    assert not is_checked(token)
    assert checker.is_correct(token)


def test_misspelled_spans_skip_addresses_e_mails_and_code(checker: SpellChecker) -> None:
    text = ("Помилкка тут, а адреса https://zp.gov.ua/новинни та пошта прес@ода.укр "
            "і `кодд` — ні; ще одна помилкка.")
    spans = checker.misspelled(text)
    assert [text[s:e] for s, e in spans] == ["Помилкка", "помилкка"]


def test_suggestions_use_the_house_apostrophe(checker: SpellChecker) -> None:
    found = checker.suggestions("пятниця")
    assert "п’ятниця" in found
    assert not any("'" in s or "ʼ" in s for s in found)


def test_suggestions_are_limited_and_never_the_word_itself(checker: SpellChecker) -> None:
    found = checker.suggestions("помилкка", limit=2)
    assert found[0] == "помилка"
    assert len(found) <= 2
    assert "помилкка" not in found


def test_extra_words_keep_their_capitals_or_take_any(checker: SpellChecker) -> None:
    engine = load_dictionary()
    own = SpellChecker(engine, ["Малашко", "релокований", "ОВА"])
    assert not checker.is_correct("Малашко")
    assert own.is_correct("Малашко") and own.is_correct("МАЛАШКО")
    assert not own.is_correct("малашко")
    assert own.is_correct("релокований") and own.is_correct("Релокований")
    assert own.is_correct("ОВА") and not own.is_correct("ова")
    own.add_words(["пам'ятка-буклет"])  # stored with ’, found with any apostrophe
    assert own.is_correct("памʼятка-буклет")


def test_a_word_added_later_clears_an_earlier_no(checker: SpellChecker) -> None:
    own = SpellChecker(load_dictionary())
    assert not own.is_correct("Тернуватий")
    own.add_words(["Тернуватий"])
    assert own.is_correct("Тернуватий")


def test_ignore_accepts_one_spelling_for_the_session() -> None:
    own = SpellChecker(load_dictionary())
    own.ignore("помилкка")
    assert own.is_correct("помилкка")
    assert not own.is_correct("помилккою")


def test_normalize_word_keeps_short_i_and_yi() -> None:
    # Only stress marks go: й and ї decompose into letters with marks too.
    assert normalize_word("й’ї́ж") == "й’їж"
    assert normalize_word("сімʼя") == "сім’я"


def test_word_at_finds_the_whole_hyphenated_word() -> None:
    text = "Це будь-який текст"
    assert word_at(text, 6) == (3, 12)
    assert word_at(text, 12) == (3, 12)
    assert word_at("   ", 1) is None


def test_checks_on_one_thread_while_another_suggests(checker: SpellChecker) -> None:
    """The editor checks on the GUI thread while a worker asks for suggestions."""
    suggested: list[list[str]] = []
    worker = threading.Thread(target=lambda: suggested.append(checker.suggestions("помилкка")))
    worker.start()
    words = ["сесія", "помилкка", "громада", "депутатт"] * 50
    answers = [SpellChecker(load_dictionary()).is_correct(w) for w in words]
    worker.join()
    assert answers == [True, False, True, False] * 50
    assert suggested and suggested[0][0] == "помилка"
