"""Tuning texts of the news labelled set (the extractor may be tuned on these and on the five real
texts in samples/news/). Written like regional press releases; people's names are invented.
Labelling rules: eval/news/README.md.
"""

REAL = {
    # labels of the five real texts (samples/news/, copies of ../shared/data/news/)
    "000_10ceabf4babd5edd": {
        "language": "en",
        "states": ["Sachsen"],
        "cities": ["Dresden", "Leipzig"],
        "organizations": ["ScaDS.AI Dresden/Leipzig", "Saxon State Chancellery", "SMWK"],
        "funding_eur": None,
        "event_date": "2024-05-30",
        "topics": ["event", "llm", "infrastructure_hpc"],
    },
    "001_159c2ff2ba2f52c6": {
        "language": "de",
        "states": ["Sachsen", "Thüringen"],
        "cities": ["Chemnitz", "Leipzig", "Ilmenau"],
        "organizations": [
            "KI-Hub Sachsen-Thüringen",
            "TU Chemnitz",
            "Mittelstand-Digital Zentrum Chemnitz",
            "InfAI",
            "TZLR",
            "Mittelstand-Digital Zentrum Ilmenau",
        ],
        "funding_eur": None,
        "event_date": "2022-11-24",
        "topics": ["event", "sme_adoption"],
    },
    "002_da8f63f055e07bcb": {
        "language": "de",
        "states": ["Sachsen"],
        "cities": ["Dresden"],
        "organizations": [
            "HZDR",
            "Helmholtz-Zentrum Dresden-Rossendorf",
            "Helmholtz AI",
            "Helmholtz-Gemeinschaft",
            "TU Dresden",
            "Max-Planck-Institut für Molekularbiologie und Genetik",
        ],
        "funding_eur": None,
        "event_date": "2025-09-30",
        "topics": ["llm", "infrastructure_hpc", "research", "event"],
    },
    "003_54033048fd7c0509": {
        "language": "de",
        "states": ["Baden-Württemberg"],
        "cities": ["Berlin", "Stuttgart", "Göttingen"],
        "organizations": [
            "EuroHPC Joint Undertaking",
            "EuroHPC JU",
            "Höchstleistungsrechenzentrum Stuttgart",
            "HLRS",
            "Europäische Kommission",
            "LRZ",
            "Leibniz-Rechenzentrum der Bayerischen Akademie der Wissenschaften",
            "GWDG",
            "Gesellschaft für wissenschaftliche Datenverarbeitung Göttingen",
            "KIT",
            "Karlsruher Institut für Technologie",
            "SICOS BW",
            "Bundesministerium für Bildung und Forschung",
            "Ministerium für Wissenschaft, Forschung und Kunst Baden-Württemberg",
            "Bayerisches Staatsministerium für Wissenschaft und Kunst",
            "Niedersächsisches Ministerium für Wissenschaft und Kultur",
        ],
        "funding_eur": 85000000,
        "event_date": None,
        "topics": ["infrastructure_hpc", "funding", "sme_adoption", "policy"],
    },
    "004_584778919d2c2b23": {
        "language": "en",
        "states": ["Rheinland-Pfalz"],
        "cities": ["Kaiserslautern"],
        "organizations": ["DFKI"],
        "funding_eur": 605000,
        "event_date": None,
        "topics": ["funding", "infrastructure_hpc", "research"],
    },
}

TUNE = [
    {
        "id": "t01",
        "published": "2024-10-02",
        "text": """Leipziger Mittelständler setzt auf KI in der Auftragsplanung

Ein Maschinenbauunternehmen aus Leipzig plant seine Fertigungsaufträge seit diesem Sommer mit Unterstützung künstlicher Intelligenz. Das Werkzeug wurde gemeinsam mit der HTWK Leipzig entwickelt und prognostiziert Durchlaufzeiten auf Basis der Produktionsdaten der letzten fünf Jahre. Die Sächsische Aufbaubank förderte das Vorhaben mit 240.000 Euro aus dem Programm InnoTeam.
„Für einen Betrieb mit 90 Beschäftigten wäre das allein nicht machbar gewesen“, sagt Geschäftsführer Thomas Berger. Die Lieferzeiten seien um zehn Prozent gesunken.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Leipzig"],
            "organizations": ["HTWK Leipzig", "Sächsische Aufbaubank"],
            "funding_eur": 240000,
            "event_date": None,
            "topics": ["sme_adoption", "industry_application", "funding"],
        },
    },
    {
        "id": "t02",
        "published": "2023-06-15",
        "text": """Thuringia opens AI competence centre in Ilmenau

The Free State of Thuringia opened its new competence centre for artificial intelligence at TU Ilmenau on 14 June 2023. The Thuringian Ministry for Economic Affairs, Science and Digital Society is funding the centre with €3.2m over four years. Researchers will help companies from Erfurt, Jena and the rural districts to test machine-learning methods in their production.
"We want every company in Thuringia to know where to go with its questions about AI," said the minister at the opening ceremony.""",
        "labels": {
            "language": "en",
            "states": ["Thüringen"],
            "cities": ["Ilmenau", "Erfurt", "Jena"],
            "organizations": ["TU Ilmenau", "Thuringian Ministry for Economic Affairs, Science and Digital Society"],
            "funding_eur": 3200000,
            "event_date": "2023-06-14",
            "topics": ["funding", "research", "sme_adoption", "event", "industry_application"],
        },
    },
    {
        "id": "t03",
        "published": "2025-03-20",
        "text": """KI-Gipfel in Dresden: Freistaat stellt neue KI-Strategie vor

Auf dem sächsischen KI-Gipfel am 19. März 2025 im Internationalen Congress Center Dresden hat Ministerpräsident Michael Kretschmer die fortgeschriebene KI-Strategie des Freistaates vorgestellt. Bis 2027 will die Staatsregierung 120 Millionen Euro in Forschung, Transfer und Rechenkapazitäten investieren. Rund 600 Gäste aus Wissenschaft, Verwaltung und Wirtschaft nahmen an der Konferenz teil.
Die Strategie sieht unter anderem ein Landesprogramm für KI in der öffentlichen Verwaltung und eine Weiterbildungsoffensive für Beschäftigte vor. Der Verband Silicon Saxony begrüßte die Pläne.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Dresden"],
            "organizations": ["Silicon Saxony"],
            "funding_eur": 120000000,
            "event_date": "2025-03-19",
            "topics": ["policy", "event", "funding", "education_training"],
        },
    },
    {
        "id": "t04",
        "published": "2024-01-30",
        "text": """Fraunhofer IVI tests AI-controlled traffic lights in Dresden

Researchers from Fraunhofer IVI are testing an adaptive traffic light control system at twelve intersections in Dresden. The system uses camera data and reinforcement learning to shorten waiting times for buses and trams. The Federal Ministry for Digital and Transport supports the project with EUR 1.1 million.
First results from January 2024 show that public transport is on average 8 percent faster on the test route.""",
        "labels": {
            "language": "en",
            "states": ["Sachsen"],
            "cities": ["Dresden"],
            "organizations": ["Fraunhofer IVI", "Federal Ministry for Digital and Transport"],
            "funding_eur": 1100000,
            "event_date": None,
            "topics": ["mobility", "research", "funding"],
        },
    },
    {
        "id": "t05",
        "published": "2022-09-12",
        "text": """Jenaer Forschende trainieren Sprachmodell für medizinische Befunde

Ein Team der Friedrich-Schiller-Universität Jena und des Universitätsklinikums Jena hat ein deutschsprachiges Sprachmodell vorgestellt, das radiologische Befunde verständlich zusammenfasst. Das Modell wurde auf dem Hochleistungsrechner der Universität trainiert und mit anonymisierten Berichten von 40.000 Patientinnen und Patienten getestet.
Die Carl-Zeiss-Stiftung fördert das Projekt mit insgesamt 2,1 Mio. Euro. Ärztinnen und Ärzte sollen künftig Zeit bei der Dokumentation sparen.""",
        "labels": {
            "language": "de",
            "states": ["Thüringen"],
            "cities": ["Jena"],
            "organizations": [
                "Friedrich-Schiller-Universität Jena",
                "Universitätsklinikum Jena",
                "Carl-Zeiss-Stiftung",
            ],
            "funding_eur": 2100000,
            "event_date": None,
            "topics": ["llm", "health", "research", "funding"],
        },
    },
    {
        "id": "t06",
        "published": "2024-07-04",
        "text": """NRW launches AI training programme for teachers

North Rhine-Westphalia's Ministry of Schools and Education has launched a training programme that will teach 5,000 teachers how to use generative AI in the classroom. Courses start after the summer holidays in Düsseldorf, Cologne and Münster and are developed with the Lamarr Institute. The state has earmarked 6 million euros for the first two years.
Teachers' unions welcomed the initiative but asked for clear rules on data protection.""",
        "labels": {
            "language": "en",
            "states": ["Nordrhein-Westfalen"],
            "cities": ["Düsseldorf", "Köln", "Münster"],
            "organizations": ["Ministry of Schools and Education", "Lamarr Institute"],
            "funding_eur": 6000000,
            "event_date": None,
            "topics": ["education_training", "llm", "funding", "policy"],
        },
    },
    {
        "id": "t07",
        "published": "2023-04-26",
        "text": """Hackathon „KI für Kommunen“ in Chemnitz

Vom 21. bis 23. April trafen sich in Chemnitz rund 90 Entwicklerinnen und Entwickler zum Hackathon „KI für Kommunen“. In 48 Stunden entstanden Prototypen für die automatische Sortierung von Bürgerpost, für die Vorhersage von Parkplatzbelegung und für barrierefreie Auskünfte. Ausrichter waren die Stadt Chemnitz, die TU Chemnitz und der Smart Systems Hub.
Das Siegerteam erhält ein Preisgeld von 5.000 Euro und darf seine Lösung im Rathaus testen.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Chemnitz"],
            "organizations": ["Stadt Chemnitz", "TU Chemnitz", "Smart Systems Hub"],
            "funding_eur": None,
            "event_date": "2023-04-21",
            "topics": ["event", "policy"],
        },
    },
    {
        "id": "t08",
        "published": "2025-05-15",
        "text": """Erfurt: Landesregierung beschließt KI-Leitlinien für die Verwaltung

Die Thüringer Landesregierung hat am Dienstag Leitlinien für den Einsatz künstlicher Intelligenz in der Landesverwaltung beschlossen. Sie regeln unter anderem, welche Daten in Chatbots eingegeben werden dürfen und wann ein Mensch eine Entscheidung prüfen muss. Die Thüringer Staatskanzlei koordiniert die Umsetzung.
Der Landesdatenschutzbeauftragte war an der Ausarbeitung beteiligt. Die Leitlinien gelten ab dem 1. Juli 2025.""",
        "labels": {
            "language": "de",
            "states": ["Thüringen"],
            "cities": ["Erfurt"],
            "organizations": ["Thüringer Staatskanzlei"],
            "funding_eur": None,
            "event_date": None,
            "topics": ["policy"],
        },
    },
    {
        "id": "t09",
        "published": "2024-12-03",
        "text": """Munich start-up raises EUR 25 million for industrial AI platform

A Munich-based start-up that builds AI software for predictive maintenance has closed a Series B round of EUR 25 million. Existing investors and the Bayern Kapital fund took part. The company's software analyses sensor data from machines in more than 300 factories and warns of failures days in advance.
The money will be used to open an office in Leipzig and to hire 80 engineers, the company said on Monday.""",
        "labels": {
            "language": "en",
            "states": ["Bayern"],
            "cities": ["München", "Leipzig"],
            "organizations": ["Bayern Kapital"],
            "funding_eur": 25000000,
            "event_date": None,
            "topics": ["industry_application", "funding", "sme_adoption"],
        },
    },
    {
        "id": "t10",
        "published": "2023-11-09",
        "text": """Neue Professur für Maschinelles Lernen an der Universität Leipzig

Die Universität Leipzig hat eine neue Professur für Maschinelles Lernen in der Medizin besetzt. Prof. Dr. Miriam Sommer wechselt von der Universität Heidelberg nach Leipzig und wird eng mit dem Universitätsklinikum Leipzig und ScaDS.AI Dresden/Leipzig zusammenarbeiten. Schwerpunkt ihrer Forschung sind Verfahren, die aus Bilddaten seltene Erkrankungen erkennen.
Die Professur ist Teil des Ausbauprogramms des Bundes und des Freistaates Sachsen für KI-Kompetenzzentren.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Leipzig", "Heidelberg", "Dresden"],
            "organizations": [
                "Universität Leipzig",
                "Universität Heidelberg",
                "Universitätsklinikum Leipzig",
                "ScaDS.AI Dresden/Leipzig",
            ],
            "funding_eur": None,
            "event_date": None,
            "topics": ["research", "health"],
        },
    },
    {
        "id": "t11",
        "published": "2024-04-18",
        "text": """Saxon farmers test AI drones against crop disease

In the district of Mittelsachsen and in Nordsachsen, ten farms are testing drones that detect fungal infections in wheat fields with the help of image recognition. The project is coordinated by TU Bergakademie Freiberg and funded by the Saxon State Ministry for Energy, Climate Protection, Environment and Agriculture with 780,000 euros.
The drones flew for the first time on 16 April 2024. Farmers hope to reduce the use of pesticides by a fifth.""",
        "labels": {
            "language": "en",
            "states": ["Sachsen"],
            "cities": ["Freiberg"],
            "organizations": [
                "TU Bergakademie Freiberg",
                "Saxon State Ministry for Energy, Climate Protection, Environment and Agriculture",
            ],
            "funding_eur": 780000,
            "event_date": "2024-04-16",
            "topics": ["industry_application", "research", "funding"],
        },
    },
    {
        "id": "t12",
        "published": "2025-01-14",
        "text": """Brandenburg und Berlin bauen gemeinsame KI-Cloud für die Wissenschaft

Die Länder Berlin und Brandenburg wollen bis 2026 eine gemeinsame Cloud-Infrastruktur für KI-Anwendungen in der Forschung aufbauen. Der Rechner soll am Konrad-Zuse-Institut in Berlin und an der Universität Potsdam stehen. Beide Länder stellen zusammen 1,2 Mrd. Euro für Digitalisierung bereit, davon rund 40 Mio. € für das KI-Rechenzentrum.
Forschende aus Cottbus, Frankfurt (Oder) und Berlin sollen ab 2026 Rechenzeit beantragen können.""",
        "labels": {
            "language": "de",
            "states": ["Berlin", "Brandenburg"],
            "cities": ["Berlin", "Potsdam", "Cottbus", "Frankfurt (Oder)"],
            "organizations": ["Konrad-Zuse-Institut", "Universität Potsdam"],
            "funding_eur": 1200000000,
            "event_date": None,
            "topics": ["infrastructure_hpc", "research", "funding"],
        },
    },
    {
        "id": "t13",
        "published": "2024-09-26",
        "text": """KI-Werkstatt für Handwerksbetriebe im Vogtland

Am 25. September 2024 lud das Mittelstand-Digital Zentrum Chemnitz gemeinsam mit der Handwerkskammer Chemnitz zur ersten KI-Werkstatt nach Plauen ein. 35 Handwerkerinnen und Handwerker aus dem Vogtlandkreis lernten, wie sie mit Bilderkennung Aufmaße erstellen und mit Sprachassistenten Angebote schreiben. Weitere Termine in Zwickau und Annaberg-Buchholz folgen im Herbst.
Die Teilnahme war dank der Förderung durch das Bundesministerium für Wirtschaft und Klimaschutz kostenlos.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Plauen", "Zwickau", "Annaberg-Buchholz", "Chemnitz"],
            "organizations": [
                "Mittelstand-Digital Zentrum Chemnitz",
                "Handwerkskammer Chemnitz",
                "Bundesministerium für Wirtschaft und Klimaschutz",
            ],
            "funding_eur": None,
            "event_date": "2024-09-25",
            "topics": ["event", "sme_adoption", "education_training"],
        },
    },
]
