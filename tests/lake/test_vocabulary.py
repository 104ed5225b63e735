"""lake.vocabulary: one label per code, the same in dashboards and reports."""

from __future__ import annotations

import pytest

from lake import vocabulary
from transforms.survey import schema


def test_every_code_has_german_and_english_labels():
    for kind, vocab in vocabulary.VOCABULARIES.items():
        for code, entry in vocab.items():
            assert set(entry) == set(vocabulary.LANGUAGES), (kind, code)
            assert all(entry[lang].strip() for lang in vocabulary.LANGUAGES), (kind, code)
            assert kind == "land" or entry["de"] != code, (kind, code)  # a Land is its own German name


def test_vocabularies_cover_the_survey_codes():
    assert vocabulary.codes("nace_section") == list(schema.NACE_SECTIONS)
    assert [f"tech_{c}" for c in vocabulary.codes("technology")] == list(schema.TECHNOLOGIES)
    assert [f"barrier_{c}" for c in vocabulary.codes("barrier")] == list(schema.BARRIERS)
    assert set(schema.SIZE_CLASSES) <= set(vocabulary.codes("size_class"))


def test_vocabulary_covers_news_topics():
    from transforms.news.topics import TOPICS

    assert set(TOPICS) == set(vocabulary.codes("topic"))


def test_label_resolves_prefixes_case_null_and_unknown_codes():
    assert vocabulary.label("technology", "tech_generative", "de") == "Generative KI"
    assert vocabulary.label("technology", "generative", "en") == "Generative AI"
    assert vocabulary.label("nace_section", "c", "de") == "Verarbeitendes Gewerbe"
    assert vocabulary.label("land", None, "en") == "Saxony and Thuringia"
    assert vocabulary.label("topic", None, "de") == "unbekannt"
    assert vocabulary.label("barrier", "new_code", "de") == "new_code"  # visible, not hidden
    assert vocabulary.label("land", "Thüringen", "fr") == "Thüringen"  # German when a language is missing
    with pytest.raises(KeyError, match="no vocabulary"):
        vocabulary.label("colour", "red")


def test_dashboard_and_report_show_the_same_label():
    from dashboards import i18n
    from reports import labels

    for code in vocabulary.codes("nace_section"):
        assert i18n.nace_label(code, "de").endswith(labels.NACE_SECTIONS[code])
    assert labels.label(labels.TECHNOLOGIES, "tech_speech", "tech_") == i18n.code_label("technology", "speech", "de")
    assert labels.BOTH == i18n.land_label(None, "de")


def test_all_codes_lists_every_kind():
    codes = vocabulary.all_codes()
    assert set(codes) == set(vocabulary.VOCABULARIES)
    assert "G" in codes["nace_section"] and "250+" in codes["size_class"]
