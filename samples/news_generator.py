"""Seeded generator of realistic news articles on AI activity (German and English).

Articles look like regional press releases and event reports (headline, lead with place and
date, quotes, background paragraphs; 250-600 words, like the real samples in samples/news/).
Each article carries `expected` (Land, city, funding, event date) so a benchmark or test can check
the extractor's output against what was generated. Same seed, same articles.

    .venv/bin/python samples/news_generator.py --articles 1000 --out articles.jsonl
    lakehouse generate news --articles 1000 --out articles.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

# (city, Land, organisations there)
PLACES = [
    ("Dresden", "Sachsen", ["TU Dresden", "ScaDS.AI Dresden/Leipzig", "HZDR", "Fraunhofer IVI", "Barkhausen Institut"]),
    ("Leipzig", "Sachsen", ["Universität Leipzig", "InfAI", "HTWK Leipzig", "ScaDS.AI Dresden/Leipzig"]),
    ("Chemnitz", "Sachsen", ["TU Chemnitz", "Fraunhofer IWU", "Mittelstand-Digital Zentrum Chemnitz"]),
    ("Freiberg", "Sachsen", ["TU Bergakademie Freiberg"]),
    ("Mittweida", "Sachsen", ["Hochschule Mittweida"]),
    ("Zwickau", "Sachsen", ["Westsächsische Hochschule Zwickau"]),
    ("Görlitz", "Sachsen", ["Hochschule Zittau/Görlitz"]),
    ("Jena", "Thüringen", ["Friedrich-Schiller-Universität Jena", "Ernst-Abbe-Hochschule Jena", "Fraunhofer IOF"]),
    ("Ilmenau", "Thüringen", ["TU Ilmenau", "TZLR", "Mittelstand-Digital Zentrum Ilmenau", "Fraunhofer IDMT"]),
    ("Erfurt", "Thüringen", ["Universität Erfurt", "Fachhochschule Erfurt"]),
    ("Weimar", "Thüringen", ["Bauhaus-Universität Weimar"]),
    ("Gera", "Thüringen", ["IHK Ostthüringen zu Gera"]),
    ("Stuttgart", "Baden-Württemberg", ["HLRS", "Fraunhofer IPA"]),
    ("Karlsruhe", "Baden-Württemberg", ["KIT"]),
    ("München", "Bayern", ["LRZ", "Fraunhofer IKS"]),
    ("Kaiserslautern", "Rheinland-Pfalz", ["DFKI"]),
    ("Göttingen", "Niedersachsen", ["GWDG"]),
    ("Darmstadt", "Hessen", ["hessian.AI", "TU Darmstadt"]),
    ("Jülich", "Nordrhein-Westfalen", ["Forschungszentrum Jülich"]),
]
FUNDERS_DE = [
    "das Sächsische Staatsministerium für Wissenschaft, Kultur und Tourismus",
    "die Sächsische Aufbaubank",
    "das Bundesministerium für Bildung und Forschung",
    "die Thüringer Aufbaubank",
    "die Deutsche Forschungsgemeinschaft",
    "die Europäische Kommission",
]
FUNDERS_EN = [
    "the Federal Ministry of Education and Research",
    "the European Commission",
    "the Saxon State Ministry for Science, Culture and Tourism",
    "the German Research Foundation",
]
MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

TOPIC_PARAGRAPHS = {
    "de": {
        "llm": "Im Mittelpunkt stehen große Sprachmodelle, die Texte zusammenfassen, Anfragen beantworten und Entwürfe schreiben. Die Forschenden untersuchen, wie sich offene Modelle mit eigenen Daten anpassen lassen, ohne dass vertrauliche Informationen die Einrichtung verlassen.",
        "infrastructure_hpc": "Grundlage ist ein neuer Hochleistungsrechner mit mehreren hundert GPUs, der im Rechenzentrum betrieben wird. Die zusätzliche Rechenleistung soll Forschenden und Unternehmen gleichermaßen zur Verfügung stehen.",
        "sme_adoption": "Gerade kleine und mittlere Unternehmen sollen profitieren: Viele KMU haben weder eigene Datenteams noch die Rechenkapazität, um KI-Anwendungen allein zu entwickeln. Der Mittelstand erhält deshalb Beratung und Zugang zu Prototypen.",
        "health": "In der Medizin sollen die Verfahren Ärztinnen und Ärzte bei der Diagnose unterstützen, etwa bei der Auswertung radiologischer Befunde. Patientendaten werden dabei ausschließlich anonymisiert verarbeitet.",
        "mobility": "Ein weiterer Schwerpunkt ist der Verkehr: Sensordaten von Fahrzeugen und Ampeln sollen helfen, Staus vorherzusagen und den öffentlichen Nahverkehr zuverlässiger zu machen.",
        "education_training": "Begleitend entstehen Weiterbildungskurse für Beschäftigte sowie neue Lehrangebote für Studierende. Die Schulungen sollen Grundlagen und konkrete Werkzeuge vermitteln.",
        "policy": "Die Landesregierung sieht das Vorhaben als Baustein ihrer KI-Strategie. Auch Fragen der Regulierung, etwa durch den AI Act der Europäischen Union, und des Datenschutzes werden behandelt.",
        "industry_application": "In der Produktion soll die Technik Ausschuss senken und die Wartung von Maschinen planbarer machen. Erste Anwendungsfälle laufen bereits in der Fertigung zweier Zulieferer.",
    },
    "en": {
        "llm": "The work focuses on large language models that summarise documents, answer questions and draft texts. Researchers study how open models can be adapted to in-house data without confidential information leaving the organisation.",
        "infrastructure_hpc": "It is built around a new high-performance computing system with several hundred GPUs operated in the data center. The additional computing power will be available to researchers and companies alike.",
        "sme_adoption": "Small and medium-sized enterprises in particular are meant to benefit: many SMEs have neither data teams nor the computing capacity to develop AI applications on their own.",
        "health": "In medicine, the methods are meant to support doctors in diagnosis, for example when reading radiology reports. Patient data is processed in anonymised form only.",
        "mobility": "Another focus is traffic: sensor data from vehicles and traffic lights will help to predict congestion and make public transport more reliable.",
        "education_training": "Training courses for employees and new teaching offers for students accompany the project. The courses cover fundamentals as well as practical tools.",
        "policy": "The state government sees the project as part of its AI strategy. Questions of regulation, such as the EU AI Act, and of data protection are also addressed.",
        "industry_application": "In production, the technology is meant to reduce scrap and make machine maintenance easier to plan. First use cases are already running in the manufacturing of two suppliers.",
    },
}
FILLER = {
    "de": [
        "„Wir wollen zeigen, dass künstliche Intelligenz kein Thema nur für große Konzerne ist“, sagte {person}. „Die Region hat dafür hervorragende Voraussetzungen.“",
        "Die Ergebnisse sollen veröffentlicht und als offene Software bereitgestellt werden. Interessierte Partner können sich dem Vorhaben jederzeit anschließen.",
        "In den vergangenen Jahren ist die Zahl der Forschungsgruppen zu maschinellem Lernen deutlich gestiegen. Zugleich fehlt es vielerorts an Fachkräften, die Modelle in den Betrieb bringen.",
        "Nach Angaben der Beteiligten sind bereits mehr als zwanzig Unternehmen und Einrichtungen eingebunden. Weitere Termine sind für das kommende Jahr geplant.",
        "Die Partner verweisen auf die gewachsene Zusammenarbeit zwischen Hochschulen, außeruniversitären Instituten und Unternehmen. Gemeinsame Projekte, Abschlussarbeiten und der Austausch von Personal hätten das Netzwerk in den letzten Jahren spürbar gestärkt.",
        "Ein Beirat aus Wissenschaft und Wirtschaft begleitet die Arbeit. Er soll sicherstellen, dass die Ergebnisse nicht in der Schublade landen, sondern in Produkte, Dienstleistungen und Verwaltungsabläufe übergehen.",
        "Besonderen Wert legen die Beteiligten auf nachvollziehbare und vertrauenswürdige Verfahren. Entscheidungen der Modelle sollen erklärbar bleiben, Trainingsdaten werden dokumentiert und regelmäßig auf Verzerrungen geprüft.",
        "Wer mehr erfahren möchte, findet auf der Projektseite Hintergrundinformationen, Ansprechpersonen und die Termine der nächsten Informationsveranstaltungen. Fragen können auch per E-Mail gestellt werden.",
    ],
    "en": [
        '"We want to show that artificial intelligence is not only a topic for large corporations," said {person}. "The region has excellent conditions for it."',
        "The results will be published and released as open-source software. Interested partners can join the initiative at any time.",
        "In recent years the number of research groups working on machine learning has grown considerably. At the same time, many organisations lack the specialists who bring models into operation.",
        "According to the partners, more than twenty companies and institutions are already involved. Further meetings are planned for next year.",
        "The partners point to the growing cooperation between universities, research institutes and companies. Joint projects, theses and staff exchanges have noticeably strengthened the network in recent years.",
        "An advisory board from science and business accompanies the work. It is meant to ensure that the results do not end up in a drawer but find their way into products, services and administrative processes.",
        "The partners place particular emphasis on transparent and trustworthy methods. Decisions of the models should remain explainable, training data is documented and regularly checked for bias.",
        "Background information, contact persons and the dates of the next information events are available on the project website. Questions can also be sent by e-mail.",
    ],
}
PEOPLE = [
    "Anna Keller",
    "Jonas Richter",
    "Dr. Maria Wolf",
    "Prof. Dr. Stefan Lange",
    "Laura Becker",
    "Tobias Hartmann",
    "Dr. Eva Schubert",
]


def _amount_text(rng: random.Random, lang: str) -> tuple[str, float]:
    kind = rng.random()
    if kind < 0.35:
        value = rng.randrange(100, 990) * 1000
        txt = f"{value:,}".replace(",", ".") + " Euro" if lang == "de" else f"{value:,} euros"
        return txt, float(value)
    millions = rng.choice([1.2, 1.8, 2.5, 3.75, 6.4, 12, 25, 40, 85, 120])
    if lang == "de":
        num = f"{millions:g}".replace(".", ",")
        unit = rng.choice(["Millionen Euro", "Mio. Euro", "Mio. €"])
        return f"{rng.choice(['', 'rund ', 'insgesamt '])}{num} {unit}", millions * 1e6
    unit = rng.choice(["{n} million euros", "EUR {n} million", "€{n}m"])
    return unit.format(n=f"{millions:g}"), millions * 1e6


def _date_text(day: dt.date, lang: str, rng: random.Random) -> str:
    if lang == "de":
        return day.strftime("%d.%m.%Y") if rng.random() < 0.5 else f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"
    return (
        f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
        if rng.random() < 0.5
        else f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    )


def article(rng: random.Random, index: int) -> dict:
    lang = "de" if rng.random() < 0.6 else "en"
    city, land, orgs = rng.choice(PLACES)
    org = rng.choice(orgs)
    published = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 4 * 365))
    event_day = published - dt.timedelta(days=rng.randrange(0, 6))
    topics = rng.sample(sorted(TOPIC_PARAGRAPHS[lang]), k=rng.randint(2, 4))
    has_funding = rng.random() < 0.5
    amount_txt, amount = _amount_text(rng, lang) if has_funding else ("", None)
    person = rng.choice(PEOPLE)
    date_txt = _date_text(event_day, lang, rng)
    if lang == "de":
        if has_funding:
            funder = rng.choice(FUNDERS_DE)
            title = f"{amount_txt.replace('rund ', '').replace('insgesamt ', '')} für KI-Projekt in {city}"
            lead = (
                f"Am {date_txt} übergab {funder} in {city} einen Förderbescheid über {amount_txt} an {org}. "
                f"Mit dem Geld entsteht ein Vorhaben zu künstlicher Intelligenz, das in den kommenden drei Jahren umgesetzt wird."
            )
        else:
            title = f"KI-Workshop von {org} in {city}"
            lead = (
                f"Am {date_txt} trafen sich auf Einladung von {org} rund {rng.randrange(30, 300)} Teilnehmende in {city}, "
                f"um über den Einsatz künstlicher Intelligenz zu diskutieren. Die Veranstaltung bot Vorträge, Workshops und Raum für Vernetzung."
            )
    else:
        if has_funding:
            funder = rng.choice(FUNDERS_EN)
            title = f"{org} receives {amount_txt} for AI project in {city}"
            lead = (
                f"On {date_txt}, {funder} handed over a funding decision of {amount_txt} to {org} in {city}. "
                f"The money will finance a project on artificial intelligence over the next three years."
            )
        else:
            title = f"AI workshop by {org} in {city}"
            lead = (
                f"On {date_txt}, around {rng.randrange(30, 300)} participants gathered in {city} at the invitation of {org} "
                f"to discuss the use of artificial intelligence. The event offered talks, workshops and networking."
            )
    paragraphs = [lead] + [TOPIC_PARAGRAPHS[lang][t] for t in topics]
    fillers = rng.sample(FILLER[lang], k=rng.randint(6, 8))
    paragraphs += [f.format(person=person) for f in fillers]
    text = title + "\n\n" + "\n\n".join(paragraphs)
    digest = hashlib.sha1(f"{index}:{text}".encode()).hexdigest()[:16]
    return {
        "id": f"gen-{digest}",
        "url": f"https://news.example.org/{published.year}/{digest}",
        "title": title,
        "published": published.isoformat(),
        "text": text,
        "expected": {
            "language": lang,
            "land": land,
            "city": city,
            "organization": org,
            "funding_eur": amount,
            "event_date": event_day.isoformat(),
            "topics": topics,
        },
    }


def generate(n: int, seed: int = 42) -> Iterator[dict]:
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


def write_jsonl(path: str | Path, n: int, seed: int = 42, with_expected: bool = True) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for art in generate(n, seed):
            if not with_expected:
                art.pop("expected")
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
            count += 1
    return count


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(write_jsonl(args.out, args.articles, args.seed))
