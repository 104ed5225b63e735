"""One synthetic example per error class of the rule/gazetteer extractor (issue 18).

The sentences are made up for these tests (invented names, no real article); they pin the
behaviour per class, not any single article. Pure Python, no Spark.
"""

from __future__ import annotations

from transforms.news import money
from transforms.news.dates import event_date
from transforms.news.extract import extract_article


def _orgs(text: str) -> list[str]:
    return extract_article(text)["organizations"]


# --- organisations missed -------------------------------------------------------------------


def test_abbreviation_defined_in_parentheses_is_one_organisation():
    text = (
        "Neues Labor in Leipzig\n"
        "Das Zentrum für Beispielhafte Datenwerkzeuge (ZBDW) in Leipzig eröffnet ein Labor. "
        "Laut ZBDW sollen dort zehn Forschende arbeiten. Das ZBDW kooperiert mit Firmen."
    )
    assert _orgs(text) == ["Zentrum für Beispielhafte Datenwerkzeuge"]


def test_fraunhofer_institute_with_acronym_and_its_part():
    text = (
        "Drohnentests in Ilmenau\n"
        "Der Institutsteil Beispielhafte Systemtechnik BST des Fraunhofer IOSB in Ilmenau testet Drohnen."
    )
    got = _orgs(text)
    assert "Fraunhofer IOSB" in got
    assert "Institutsteil Beispielhafte Systemtechnik BST des Fraunhofer IOSB" in got


def test_fraunhofer_competence_centre_with_land_name():
    text = "Jena\nDas Fraunhofer-Kompetenzzentrum Thüringen für Beispielhafte Funktechnik startet."
    assert _orgs(text) == ["Fraunhofer-Kompetenzzentrum Thüringen für Beispielhafte Funktechnik"]


def test_faculty_of_a_university_is_a_named_part():
    text = "Dresden\nAn der Fakultät Informatik der TU Dresden beginnt ein Kurs."
    assert _orgs(text) == ["Fakultät Informatik der TU Dresden", "TU Dresden"]


def test_state_body_by_adjective_resolves_to_the_land_body_once():
    text = "Erfurt\nDas Thüringer Wirtschaftsministerium unterstützt Firmen in Erfurt mit einem Programm."
    got = _orgs(text)
    assert got == ["TMWWDG"]  # the gazetteer's Thuringian ministry, not the adjective phrase as well


def test_generic_state_chancellery_resolves_with_the_only_land():
    text = "Dresden\nDie Staatskanzlei in Dresden lädt zu einem Empfang ein."
    assert _orgs(text) == ["Sächsische Staatskanzlei"]


def test_foundation_and_association_named_after_their_head_noun():
    text = (
        "Leipzig\nDie Stiftung Beispiel und Technik fördert Projekte. "
        "Der Verband Sächsischer Beispielhersteller begrüßt das."
    )
    assert _orgs(text) == ["Stiftung Beispiel und Technik", "Verband Sächsischer Beispielhersteller"]


def test_hospital_party_and_eu_body():
    text = (
        "Jena\nAm Universitätsklinikum Jena wird ein KI-Werkzeug erprobt. Die CDU begrüßt das, "
        "die Europäische Kommission prüft die Regeln."
    )
    got = _orgs(text)
    assert "Universitätsklinikum Jena" in got
    assert "CDU" in got
    assert "Europäische Kommission" in got


def test_genitive_and_dative_names_are_returned_in_base_form():
    text = (
        "Chemnitz\nForscher des Sächsischen Beispielforschungsinstituts und der Technischen "
        "Universität Dresden arbeiten zusammen."
    )
    assert _orgs(text) == ["Sächsisches Beispielforschungsinstitut", "Technische Universität Dresden"]


# --- organisations invented -----------------------------------------------------------------


def test_no_organisation_from_a_city_or_a_person():
    text = "Dresden\nIn Dresden sprach Ministerpräsidentin Erika Beispiel über KI. Sie lobte die Stadt."
    assert _orgs(text) == []


def test_person_name_is_not_glued_onto_an_organisation():
    text = "Jena\nDas Zentrum für Beispielhafte Robotik Leiterin Anna Muster stellte Ergebnisse vor."
    assert _orgs(text) == ["Zentrum für Beispielhafte Robotik"]


# --- funding --------------------------------------------------------------------------------


def test_amounts_in_words():
    assert money.funding_eur("Die Hochschule erhält eine Million Euro Förderung.", "de") == 1_000_000
    assert money.funding_eur("Das Projekt wird mit zwei Millionen Euro gefördert.", "de") == 2_000_000
    assert money.funding_eur("Fünf Millionen Euro fließen in das Projekt.", "de") == 5_000_000
    assert money.funding_eur("Das Land gibt eine halbe Million Euro.", "de") == 500_000
    assert money.funding_eur("The project receives one million euros in funding.", "en") == 1_000_000


def test_turnover_is_not_funding():
    text = "Die Firma erzielte einen Umsatz von 5 Millionen Euro. Sie erhält eine Förderung von 200.000 Euro."
    assert money.funding_eur(text, "de") == 200_000


def test_running_programme_total_is_not_the_articles_amount():
    text = (
        "Das Programm hat bisher insgesamt 50 Millionen Euro vergeben. "
        "Das neue Beispielprojekt erhält 300.000 Euro Förderung."
    )
    assert money.funding_eur(text, "de") == 300_000


# --- topics ---------------------------------------------------------------------------------


def test_topic_words_for_events_training_research_and_policy():
    got = extract_article(
        "Beispielstadt\nDer Beispielverein organisierte ein Webinar und eine Podiumsdiskussion. "
        "Die Gäste diskutierten vor Ort über den Koalitionsvertrag, die Digitalstrategie und die "
        "Europäische Kommission. Ein Seminar und ein Bootcamp für Auszubildende folgen."
    )["topics"]
    assert "event" in got
    assert "education_training" in got
    assert "policy" in got


def test_topic_words_for_sme_adoption_and_industry_use():
    got = extract_article(
        "Beispielstadt\nMittelständler und Handwerksbetriebe erproben KI. Ein Inkubator hilft "
        "Familienunternehmen; Industriepartner bringen Anwendungen in den Praxiseinsatz, mit digitalem "
        "Zwilling, Qualitätskontrolle in der Produktion und neuen Geschäftsmodellen für die Industrie."
    )["topics"]
    assert "sme_adoption" in got
    assert "industry_application" in got


# --- event_date -----------------------------------------------------------------------------


def test_event_date_only_for_a_dated_happening():
    pub = "2024-05-01"
    assert event_date("Die Beispielkonferenz findet am 12. Juni 2024 in Jena statt.", pub) == "2024-06-12"
    assert event_date("Am 12. Juni 2024 eröffnete die Ministerin das Beispiellabor.", pub) == "2024-06-12"
    assert event_date("Das Beispielprojekt startet am 1. März 2024 in Dresden.", pub) is None
    assert event_date("Der Antrag wurde am 5. Mai 2024 bewilligt.", pub) is None
    assert event_date("Die Beispielstudie wurde am 2. Februar 2024 veröffentlicht.", pub) is None
    assert event_date("Seit dem 1. Januar 2024 leitet sie das Beispielinstitut.", pub) is None
