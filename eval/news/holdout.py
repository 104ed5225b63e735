"""Holdout texts of the news labelled set, written and labelled BEFORE the extractor existed.

Never tune the extractor on these: `bench/news_eval.py --split holdout` is the honest number.
The texts are written in the style of regional press releases and event reports; names of
people are invented, organisations and places are real. Labelling rules: eval/news/README.md.
"""

HOLDOUT = [
    {
        "id": "h01",
        "published": "2024-03-14",
        "text": """Freistaat fördert KI-Labor an der Hochschule Mittweida mit 1,8 Millionen Euro

Das Sächsische Staatsministerium für Wissenschaft, Kultur und Tourismus (SMWK) unterstützt den Aufbau eines Labors für angewandte künstliche Intelligenz an der Hochschule Mittweida. Wissenschaftsminister Sebastian Gemkow übergab den Förderbescheid über 1,8 Millionen Euro am 12. März in Mittweida. Mit dem Geld werden GPU-Server und eine Lernumgebung für Studierende angeschafft.
„Wir wollen, dass kleine und mittlere Unternehmen aus Mittelsachsen direkt von der Forschung profitieren“, sagte Rektor Volker Tolkmitt. Geplant sind Weiterbildungskurse für Beschäftigte aus der Region sowie gemeinsame Projekte mit Firmen aus Chemnitz und Freiberg.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Mittweida", "Chemnitz", "Freiberg"],
            "organizations": [
                "Sächsisches Staatsministerium für Wissenschaft, Kultur und Tourismus",
                "SMWK",
                "Hochschule Mittweida",
            ],
            "funding_eur": 1800000,
            "event_date": "2024-03-12",
            "topics": ["funding", "infrastructure_hpc", "education_training", "sme_adoption"],
        },
    },
    {
        "id": "h02",
        "published": "2025-02-06",
        "text": """Jena: Start-up uses AI to read pathology slides

A Jena-based start-up is bringing artificial intelligence into hospital pathology. Together with Universitätsklinikum Jena, the company has trained a model that flags suspicious tissue regions on digitised slides, cutting the time pathologists need per case by a third. The project was supported by the Thüringer Aufbaubank with EUR 450,000 from the state's innovation programme.
"Doctors stay in charge, the software only points them to where they should look first," said co-founder Lea Hartmann. A clinical study with 2,000 patients started on 3 February 2025.""",
        "labels": {
            "language": "en",
            "states": ["Thüringen"],
            "cities": ["Jena"],
            "organizations": ["Universitätsklinikum Jena", "Thüringer Aufbaubank"],
            "funding_eur": 450000,
            "event_date": "2025-02-03",
            "topics": ["health", "funding", "industry_application"],
        },
    },
    {
        "id": "h03",
        "published": "2023-10-20",
        "text": """KI-Sprechstunde für Handwerksbetriebe in Erfurt

Das Mittelstand-Digital Zentrum Ilmenau lädt am 7. November 2023 zur KI-Sprechstunde in die Handwerkskammer Erfurt ein. Betriebe aus ganz Thüringen können dort mit Expertinnen und Experten der TU Ilmenau besprechen, wie sie Angebote schneller kalkulieren oder Termine automatisch planen können. Die Teilnahme ist kostenfrei.
„Viele kleine Betriebe wissen nicht, wo sie anfangen sollen“, sagt Projektleiterin Sandra Keil. „In einer Stunde finden wir meist zwei oder drei Anwendungsfälle, die sich sofort lohnen.“ Anmeldung bis zum 31. Oktober.""",
        "labels": {
            "language": "de",
            "states": ["Thüringen"],
            "cities": ["Erfurt", "Ilmenau"],
            "organizations": ["Mittelstand-Digital Zentrum Ilmenau", "Handwerkskammer Erfurt", "TU Ilmenau"],
            "funding_eur": None,
            "event_date": "2023-11-07",
            "topics": ["event", "sme_adoption"],
        },
    },
    {
        "id": "h04",
        "published": "2024-06-27",
        "text": """Bavaria invests in a new AI supercomputer at LRZ

The Bavarian State Ministry of Science and the Arts will fund a new AI system at the Leibniz Supercomputing Centre (LRZ) in Garching near Munich. The state is contributing 22 million euros; together with federal money the total investment amounts to 44 million euros. The system, to be installed in 2025, will be available to researchers from all Bavarian universities, including Technical University of Munich and the University of Würzburg.
"Computing power is the infrastructure of the twenty-first century," said minister Markus Blume at the announcement on 26 June 2024.""",
        "labels": {
            "language": "en",
            "states": ["Bayern"],
            "cities": ["Garching", "München", "Würzburg"],
            "organizations": [
                "Bavarian State Ministry of Science and the Arts",
                "Leibniz Supercomputing Centre",
                "LRZ",
                "Technical University of Munich",
                "University of Würzburg",
            ],
            "funding_eur": 44000000,
            "event_date": "2024-06-26",
            "topics": ["infrastructure_hpc", "funding", "research"],
        },
    },
    {
        "id": "h05",
        "published": "2024-09-10",
        "text": """Sprachmodell für die Verwaltung: Leipzig testet KI-Assistenten

Die Stadtverwaltung Leipzig erprobt seit September einen KI-Assistenten, der Bürgeranfragen vorsortiert und Antwortentwürfe schreibt. Grundlage ist ein offenes großes Sprachmodell, das auf Servern des Rechenzentrums der Universität Leipzig läuft, damit keine Daten das Haus verlassen. Wissenschaftlich begleitet wird der Test vom Zentrum ScaDS.AI Dresden/Leipzig.
Der Datenschutzbeauftragte des Freistaats Sachsen hat das Vorhaben geprüft. Nach einem halben Jahr soll entschieden werden, ob der Assistent in allen Ämtern eingesetzt wird.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Leipzig", "Dresden"],
            "organizations": ["Stadtverwaltung Leipzig", "Universität Leipzig", "ScaDS.AI Dresden/Leipzig"],
            "funding_eur": None,
            "event_date": None,
            "topics": ["llm", "policy"],
        },
    },
    {
        "id": "h06",
        "published": "2025-01-22",
        "text": """Chemnitz automotive supplier rolls out AI quality inspection

A supplier of car body parts in Chemnitz has put an AI-based visual inspection system into production. Cameras check every pressed part for cracks and dents, and a neural network trained with data from the last two years decides within milliseconds. The company developed the system with researchers from Fraunhofer IWU and Chemnitz University of Technology.
The investment of around EUR 1.3 million was co-financed by the Sächsische Aufbaubank (SAB). The firm, which employs 180 people, says scrap has fallen by 15 percent since the pilot started.""",
        "labels": {
            "language": "en",
            "states": ["Sachsen"],
            "cities": ["Chemnitz"],
            "organizations": ["Fraunhofer IWU", "Chemnitz University of Technology", "Sächsische Aufbaubank", "SAB"],
            "funding_eur": 1300000,
            "event_date": None,
            "topics": ["industry_application", "sme_adoption", "mobility", "funding"],
        },
    },
    {
        "id": "h07",
        "published": "2023-05-05",
        "text": """Hessen baut KI-Rechenzentrum in Darmstadt

Das Land Hessen stellt für ein neues KI-Rechenzentrum am Hessischen Zentrum für Künstliche Intelligenz (hessian.AI) in Darmstadt rund 50 Mio. € bereit. Der Rechner soll ab 2024 Forschenden aller hessischen Hochschulen zur Verfügung stehen, etwa der TU Darmstadt und der Goethe-Universität Frankfurt.
Digitalministerin Kristina Sinemus sprach bei der Vorstellung am 4. Mai von einem „Meilenstein für die KI-Forschung in Deutschland“. Auch Unternehmen sollen Rechenzeit erhalten.""",
        "labels": {
            "language": "de",
            "states": ["Hessen"],
            "cities": ["Darmstadt", "Frankfurt am Main"],
            "organizations": [
                "Hessisches Zentrum für Künstliche Intelligenz",
                "hessian.AI",
                "TU Darmstadt",
                "Goethe-Universität Frankfurt",
            ],
            "funding_eur": 50000000,
            "event_date": "2023-05-04",
            "topics": ["infrastructure_hpc", "funding", "research"],
        },
    },
    {
        "id": "h08",
        "published": "2024-11-18",
        "text": """Summer school on trustworthy AI attracts 120 students to Dresden

From 9 to 13 September 2024, 120 students and doctoral researchers from 25 countries met at TU Dresden for the international summer school on trustworthy AI. Lecturers from ScaDS.AI Dresden/Leipzig, the Barkhausen Institut and Fraunhofer IIS covered explainability, robustness and the EU AI Act.
The summer school is part of the training programme of the Center for Scalable Data Analytics and Artificial Intelligence and will take place again next year.""",
        "labels": {
            "language": "en",
            "states": ["Sachsen"],
            "cities": ["Dresden", "Leipzig"],
            "organizations": [
                "TU Dresden",
                "ScaDS.AI Dresden/Leipzig",
                "Barkhausen Institut",
                "Fraunhofer IIS",
                "Center for Scalable Data Analytics and Artificial Intelligence",
            ],
            "funding_eur": None,
            "event_date": "2024-09-09",
            "topics": ["education_training", "event", "policy"],
        },
    },
    {
        "id": "h09",
        "published": "2022-07-01",
        "text": """Bund fördert autonomes Fahren in Thüringen und Sachsen

Das Bundesministerium für Digitales und Verkehr fördert ein Verbundprojekt zum automatisierten Busverkehr im ländlichen Raum mit insgesamt 6,4 Millionen Euro. Die Testfahrzeuge sollen ab Frühjahr 2023 im Landkreis Saalfeld-Rudolstadt und im Vogtlandkreis fahren. Beteiligt sind die Hochschule Zwickau, die Bauhaus-Universität Weimar und mehrere regionale Verkehrsunternehmen.
Künstliche Intelligenz wertet dabei die Sensordaten aus und erkennt Fußgänger, Radfahrer und Wildwechsel.""",
        "labels": {
            "language": "de",
            "states": ["Thüringen", "Sachsen"],
            "cities": ["Zwickau", "Weimar"],
            "organizations": [
                "Bundesministerium für Digitales und Verkehr",
                "Hochschule Zwickau",
                "Bauhaus-Universität Weimar",
            ],
            "funding_eur": 6400000,
            "event_date": None,
            "topics": ["mobility", "funding", "research"],
        },
    },
    {
        "id": "h10",
        "published": "2025-04-02",
        "text": """EuroHPC selects JUPITER AI Factory in Jülich

The EuroHPC Joint Undertaking has selected a new AI Factory at Forschungszentrum Jülich in North Rhine-Westphalia. The facility will be built around the JUPITER exascale supercomputer and offer start-ups and SMEs access to training of large AI models. Total costs are put at EUR 2.5 million for the first preparatory phase and several hundred million over the lifetime of the system, shared by the EU, the federal government and the state of North Rhine-Westphalia.
The decision was announced in Brussels on March 12, 2025.""",
        "labels": {
            "language": "en",
            "states": ["Nordrhein-Westfalen"],
            "cities": ["Jülich", "Brüssel"],
            "organizations": ["EuroHPC Joint Undertaking", "Forschungszentrum Jülich"],
            "funding_eur": 2500000,
            "event_date": "2025-03-12",
            "topics": ["infrastructure_hpc", "funding", "llm", "sme_adoption"],
        },
    },
    {
        "id": "h11",
        "published": "2023-12-05",
        "text": """Workshop „Generative KI im Mittelstand“ in Gera

Am Dienstag, 5. Dezember, informierten die IHK Ostthüringen zu Gera und das Mittelstand-Digital Zentrum Ilmenau rund 60 Unternehmerinnen und Unternehmer über generative KI. Im Mittelpunkt standen Chatbots für den Kundenservice und das automatische Erstellen von Produkttexten mit Sprachmodellen wie ChatGPT.
Die Teilnehmenden probierten in Kleingruppen selbst aus, wie sich Prompts formulieren lassen. Ein Folgetermin in Altenburg ist für das Frühjahr geplant.""",
        "labels": {
            "language": "de",
            "states": ["Thüringen"],
            "cities": ["Gera", "Ilmenau", "Altenburg"],
            "organizations": ["IHK Ostthüringen zu Gera", "Mittelstand-Digital Zentrum Ilmenau"],
            "funding_eur": None,
            "event_date": "2023-12-05",
            "topics": ["event", "llm", "sme_adoption", "education_training"],
        },
    },
    {
        "id": "h12",
        "published": "2024-02-15",
        "text": """Federal government approves AI strategy update

The Federal Ministry of Education and Research (BMBF) has published its updated action plan on artificial intelligence. Until 2025 the ministry plans to spend more than 1.6 billion euros on AI research, skills and infrastructure. New AI competence centres, among them ScaDS.AI Dresden/Leipzig and the Tübingen AI Center, will receive permanent institutional funding.
Critics from the business associations said the plan did too little for small companies.""",
        "labels": {
            "language": "en",
            "states": ["Sachsen", "Baden-Württemberg"],
            "cities": ["Dresden", "Leipzig", "Tübingen"],
            "organizations": [
                "Federal Ministry of Education and Research",
                "BMBF",
                "ScaDS.AI Dresden/Leipzig",
                "Tübingen AI Center",
            ],
            "funding_eur": 1600000000,
            "event_date": None,
            "topics": ["policy", "funding", "research"],
        },
    },
    {
        "id": "h13",
        "published": "2024-05-08",
        "text": """Uniklinik Dresden setzt KI bei der Notaufnahme ein

Das Universitätsklinikum Carl Gustav Carus Dresden nutzt seit Mai ein KI-System, das in der Notaufnahme die Dringlichkeit von Fällen einschätzt. Das Else Kröner Fresenius Zentrum für Digitale Gesundheit der TU Dresden hat die Software entwickelt. Die Deutsche Forschungsgemeinschaft förderte die Entwicklung mit 900.000 Euro.
Erste Auswertungen zeigen, dass Patientinnen und Patienten mit Schlaganfall im Schnitt zwölf Minuten früher behandelt werden.""",
        "labels": {
            "language": "de",
            "states": ["Sachsen"],
            "cities": ["Dresden"],
            "organizations": [
                "Universitätsklinikum Carl Gustav Carus Dresden",
                "Else Kröner Fresenius Zentrum für Digitale Gesundheit",
                "TU Dresden",
                "Deutsche Forschungsgemeinschaft",
            ],
            "funding_eur": 900000,
            "event_date": None,
            "topics": ["health", "research", "funding"],
        },
    },
    {
        "id": "h14",
        "published": "2025-06-30",
        "text": """Niedersachsen und Bremen starten gemeinsames KI-Netzwerk für die Logistik

Die Länder Niedersachsen und Bremen haben am 27. Juni 2025 in Bremerhaven ein gemeinsames Netzwerk für künstliche Intelligenz in Häfen und Logistik gegründet. Partner sind unter anderem das DFKI in Bremen, die Leibniz Universität Hannover und mehrere Hafenbetreiber. Das Netzwerk erhält in den ersten drei Jahren 3,75 Mio. Euro.
Ziel ist es, Containerumschlag und Lkw-Verkehr mit KI-Prognosen besser zu planen und Staus vor den Terminals zu vermeiden.""",
        "labels": {
            "language": "de",
            "states": ["Niedersachsen", "Bremen"],
            "cities": ["Bremerhaven", "Bremen", "Hannover"],
            "organizations": ["DFKI", "Leibniz Universität Hannover"],
            "funding_eur": 3750000,
            "event_date": "2025-06-27",
            "topics": ["mobility", "industry_application", "funding", "policy"],
        },
    },
]
