"""The words of the demo network (LIKE), in English and in its five other languages.

`T` maps an English string to its translations; the demo loader feeds them to wagtail-localize as
the translators' work. Lists and patterns build the bulk news, events and publications.
"""

LANGS = ("fr", "de", "es", "it", "pl")


def tr(en, fr, de, es, it, pl):
    return {"en": en, "fr": fr, "de": de, "es": es, "it": it, "pl": pl}


# Main pages ---------------------------------------------------------------------------------

HOME = {
    "title": tr(
        "LIKE – European cities and regions for culture",
        "LIKE – Villes et régions européennes pour la culture",
        "LIKE – Europäische Städte und Regionen für Kultur",
        "LIKE – Ciudades y regiones europeas por la cultura",
        "LIKE – Città e regioni europee per la cultura",
        "LIKE – Europejskie miasta i regiony na rzecz kultury",
    ),
    "intro": tr(
        "Cities and regions working together for culture since 1994.",
        "Des villes et des régions qui travaillent ensemble pour la culture depuis 1994.",
        "Städte und Regionen, die seit 1994 gemeinsam für die Kultur arbeiten.",
        "Ciudades y regiones que trabajan juntas por la cultura desde 1994.",
        "Città e regioni che lavorano insieme per la cultura dal 1994.",
        "Miasta i regiony współpracujące na rzecz kultury od 1994 roku.",
    ),
    "featured_title": tr(
        "Get involved",
        "Participer",
        "Mitmachen",
        "Participar",
        "Partecipare",
        "Dołącz do nas",
    ),
}

MISSION = [
    tr(
        "LIKE brings together local and regional authorities, cultural actors and citizens from all over Europe. Founded in 1994 as “Les Rencontres”, the network has its secretariat in Lille.",
        "LIKE réunit des collectivités locales et régionales, des acteurs culturels et des citoyens de toute l’Europe. Fondé en 1994 sous le nom « Les Rencontres », le réseau a son secrétariat à Lille.",
        "LIKE vereint Kommunen und Regionen, Kulturschaffende sowie Bürgerinnen und Bürger aus ganz Europa. Das 1994 als „Les Rencontres“ gegründete Netzwerk hat sein Sekretariat in Lille.",
        "LIKE reúne a autoridades locales y regionales, agentes culturales y ciudadanos de toda Europa. Fundada en 1994 como «Les Rencontres», la red tiene su secretaría en Lille.",
        "LIKE riunisce enti locali e regionali, operatori culturali e cittadini di tutta Europa. Fondata nel 1994 come «Les Rencontres», la rete ha la sua segreteria a Lille.",
        "LIKE skupia samorządy lokalne i regionalne, twórców kultury oraz obywateli z całej Europy. Sieć, założona w 1994 roku jako „Les Rencontres”, ma sekretariat w Lille.",
    ),
    tr(
        "Cooperation between local authorities, cultural actors, citizens and European bodies.",
        "La coopération entre collectivités locales, acteurs culturels, citoyens et institutions européennes.",
        "Zusammenarbeit zwischen Kommunen, Kulturschaffenden, Bürgern und europäischen Institutionen.",
        "Cooperación entre autoridades locales, agentes culturales, ciudadanos e instituciones europeas.",
        "Cooperazione tra enti locali, operatori culturali, cittadini e istituzioni europee.",
        "Współpraca samorządów, twórców kultury, obywateli i instytucji europejskich.",
    ),
    tr(
        "Expertise and shared knowledge on cultural policies.",
        "L’expertise et le partage de connaissances sur les politiques culturelles.",
        "Fachwissen und geteiltes Wissen über Kulturpolitik.",
        "Conocimiento experto y saber compartido sobre políticas culturales.",
        "Competenze e conoscenze condivise sulle politiche culturali.",
        "Wiedza ekspercka i dzielenie się doświadczeniem w polityce kulturalnej.",
    ),
    tr(
        "Advocacy for culture at every level of government.",
        "Le plaidoyer pour la culture à tous les niveaux de gouvernement.",
        "Einsatz für die Kultur auf allen Regierungsebenen.",
        "Defensa de la cultura en todos los niveles de gobierno.",
        "Promozione della cultura a tutti i livelli di governo.",
        "Rzecznictwo na rzecz kultury na wszystkich szczeblach władzy.",
    ),
    tr(
        "Every year: a General Assembly and Conference in the European Capital of Culture, national meetings every semester in the country holding the Presidency of the European Union, thematic meetings, and a regional or bilateral meeting. About 300 professionals take part in our three meetings a year, and every conference report is published online.",
        "Chaque année : une Assemblée générale et une conférence dans la Capitale européenne de la culture, des rencontres nationales chaque semestre dans le pays qui préside l’Union européenne, des rencontres thématiques et une rencontre régionale ou bilatérale. Environ 300 professionnels participent à nos trois rencontres annuelles, et chaque compte rendu est publié en ligne.",
        "Jedes Jahr: eine Generalversammlung mit Konferenz in der Kulturhauptstadt Europas, nationale Treffen in jedem Halbjahr im Land der EU-Ratspräsidentschaft, Thementreffen sowie ein regionales oder bilaterales Treffen. Rund 300 Fachleute nehmen an unseren drei Treffen im Jahr teil, und jeder Konferenzbericht wird online veröffentlicht.",
        "Cada año: una Asamblea General y Conferencia en la Capital Europea de la Cultura, encuentros nacionales cada semestre en el país que ejerce la Presidencia de la Unión Europea, encuentros temáticos y un encuentro regional o bilateral. Unos 300 profesionales participan en nuestros tres encuentros anuales, y cada informe de conferencia se publica en línea.",
        "Ogni anno: un’Assemblea generale e conferenza nella Capitale europea della cultura, incontri nazionali ogni semestre nel paese che detiene la Presidenza dell’Unione europea, incontri tematici e un incontro regionale o bilaterale. Circa 300 professionisti partecipano ai nostri tre incontri annuali e ogni resoconto viene pubblicato online.",
        "Co roku: Zgromadzenie Ogólne i konferencja w Europejskiej Stolicy Kultury, spotkania krajowe w każdym półroczu w kraju sprawującym prezydencję w Unii Europejskiej, spotkania tematyczne oraz spotkanie regionalne lub dwustronne. W naszych trzech dorocznych spotkaniach uczestniczy około 300 specjalistów, a każdy raport z konferencji publikujemy w internecie.",
    ),
]

SECTIONS = {
    "news": {
        "slug": "news",
        "title": tr("News", "Actualités", "Aktuelles", "Noticias", "Notizie", "Aktualności"),
        "intro": tr(
            "What the network and its members are doing.",
            "Ce que font le réseau et ses membres.",
            "Was das Netzwerk und seine Mitglieder tun.",
            "Lo que hacen la red y sus miembros.",
            "Cosa fanno la rete e i suoi membri.",
            "Czym zajmują się sieć i jej członkowie.",
        ),
    },
    "events": {
        "slug": "events",
        "title": tr("Events", "Événements", "Veranstaltungen", "Eventos", "Eventi", "Wydarzenia"),
        "intro": tr(
            "Our meetings: the General Assembly and Conference, national, thematic, regional and online meetings.",
            "Nos rencontres : l’Assemblée générale et la conférence, les rencontres nationales, thématiques, régionales et en ligne.",
            "Unsere Treffen: Generalversammlung und Konferenz, nationale, thematische, regionale und Online-Treffen.",
            "Nuestros encuentros: la Asamblea General y Conferencia, encuentros nacionales, temáticos, regionales y en línea.",
            "I nostri incontri: l’Assemblea generale e conferenza, incontri nazionali, tematici, regionali e online.",
            "Nasze spotkania: Zgromadzenie Ogólne i konferencja, spotkania krajowe, tematyczne, regionalne i online.",
        ),
    },
    "publications": {
        "slug": "publications",
        "title": tr(
            "Publications",
            "Publications",
            "Publikationen",
            "Publicaciones",
            "Pubblicazioni",
            "Publikacje",
        ),
        "intro": tr(
            "Conference reports, e-bulletins and position papers.",
            "Comptes rendus de conférences, e-bulletins et prises de position.",
            "Konferenzberichte, E-Bulletins und Positionspapiere.",
            "Informes de conferencias, boletines electrónicos y documentos de posición.",
            "Resoconti delle conferenze, e-bulletin e documenti di posizione.",
            "Raporty z konferencji, biuletyny elektroniczne i stanowiska.",
        ),
    },
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": tr(
            "About us", "Qui sommes-nous", "Über uns", "Quiénes somos", "Chi siamo", "O nas"
        ),
        "intro": tr(
            "LIKE – European cities and regions for culture – was founded in 1994 as “Les Rencontres”.",
            "LIKE – Villes et régions européennes pour la culture – a été fondé en 1994 sous le nom « Les Rencontres ».",
            "LIKE – Europäische Städte und Regionen für Kultur – wurde 1994 als „Les Rencontres“ gegründet.",
            "LIKE – Ciudades y regiones europeas por la cultura – se fundó en 1994 como «Les Rencontres».",
            "LIKE – Città e regioni europee per la cultura – è stata fondata nel 1994 come «Les Rencontres».",
            "LIKE – Europejskie miasta i regiony na rzecz kultury – powstało w 1994 roku jako „Les Rencontres”.",
        ),
        "body": [
            (
                "heading",
                tr(
                    "Our goals",
                    "Nos objectifs",
                    "Unsere Ziele",
                    "Nuestros objetivos",
                    "I nostri obiettivi",
                    "Nasze cele",
                ),
            ),
            ("paragraph", MISSION[1]),
            ("paragraph", MISSION[2]),
            ("paragraph", MISSION[3]),
            (
                "heading",
                tr(
                    "Our activities",
                    "Nos activités",
                    "Unsere Aktivitäten",
                    "Nuestras actividades",
                    "Le nostre attività",
                    "Nasze działania",
                ),
            ),
            ("paragraph", MISSION[4]),
            (
                "quote",
                tr(
                    "Culture is not a luxury: it is what makes a city a place to live together.",
                    "La culture n’est pas un luxe : c’est ce qui fait d’une ville un lieu où vivre ensemble.",
                    "Kultur ist kein Luxus: Sie macht eine Stadt zu einem Ort des Zusammenlebens.",
                    "La cultura no es un lujo: es lo que hace de una ciudad un lugar para vivir juntos.",
                    "La cultura non è un lusso: è ciò che fa di una città un luogo in cui vivere insieme.",
                    "Kultura nie jest luksusem: to ona sprawia, że miasto jest miejscem wspólnego życia.",
                ),
            ),
        ],
        "menu": True,
    },
    {
        "slug": "how-to-join",
        "title": tr(
            "How to join",
            "Adhérer au réseau",
            "Mitglied werden",
            "Cómo adherirse",
            "Come aderire",
            "Jak dołączyć",
        ),
        "intro": tr(
            "Cities, regions, cultural institutions and national networks can join LIKE.",
            "Les villes, les régions, les institutions culturelles et les réseaux nationaux peuvent adhérer à LIKE.",
            "Städte, Regionen, Kultureinrichtungen und nationale Netzwerke können LIKE beitreten.",
            "Ciudades, regiones, instituciones culturales y redes nacionales pueden adherirse a LIKE.",
            "Città, regioni, istituzioni culturali e reti nazionali possono aderire a LIKE.",
            "Do LIKE mogą przystąpić miasta, regiony, instytucje kultury i sieci krajowe.",
        ),
        "body": [
            (
                "heading",
                tr(
                    "Who can join",
                    "Qui peut adhérer",
                    "Wer beitreten kann",
                    "Quién puede adherirse",
                    "Chi può aderire",
                    "Kto może dołączyć",
                ),
            ),
            (
                "paragraph",
                tr(
                    "Local and regional authorities of every size, cultural institutions, national networks and individual experts.",
                    "Les collectivités locales et régionales de toutes tailles, les institutions culturelles, les réseaux nationaux et les experts individuels.",
                    "Kommunen und Regionen jeder Größe, Kultureinrichtungen, nationale Netzwerke und einzelne Fachleute.",
                    "Autoridades locales y regionales de todos los tamaños, instituciones culturales, redes nacionales y expertos individuales.",
                    "Enti locali e regionali di ogni dimensione, istituzioni culturali, reti nazionali ed esperti individuali.",
                    "Samorządy lokalne i regionalne każdej wielkości, instytucje kultury, sieci krajowe i indywidualni eksperci.",
                ),
            ),
            (
                "heading",
                tr(
                    "Membership fees",
                    "Cotisations",
                    "Mitgliedsbeiträge",
                    "Cuotas",
                    "Quote associative",
                    "Składki członkowskie",
                ),
            ),
            (
                "paragraph",
                tr(
                    "The annual fee depends on the size of the member. The secretariat in Lille answers every question.",
                    "La cotisation annuelle dépend de la taille du membre. Le secrétariat à Lille répond à toutes les questions.",
                    "Der Jahresbeitrag hängt von der Größe des Mitglieds ab. Das Sekretariat in Lille beantwortet alle Fragen.",
                    "La cuota anual depende del tamaño del miembro. La secretaría de Lille responde a todas las preguntas.",
                    "La quota annuale dipende dalla dimensione del membro. La segreteria di Lille risponde a ogni domanda.",
                    "Roczna składka zależy od wielkości członka. Sekretariat w Lille odpowiada na wszystkie pytania.",
                ),
            ),
            (
                "call_to_action",
                {
                    "title": tr(
                        "Join the network",
                        "Rejoignez le réseau",
                        "Werden Sie Mitglied",
                        "Únase a la red",
                        "Unisciti alla rete",
                        "Dołącz do sieci",
                    ),
                    "text": tr(
                        "Write to the secretariat and we will send you the membership form.",
                        "Écrivez au secrétariat et nous vous enverrons le formulaire d’adhésion.",
                        "Schreiben Sie dem Sekretariat, und wir senden Ihnen das Beitrittsformular.",
                        "Escriba a la secretaría y le enviaremos el formulario de adhesión.",
                        "Scrivi alla segreteria e ti invieremo il modulo di adesione.",
                        "Napisz do sekretariatu, a prześlemy formularz członkowski.",
                    ),
                    "button_label": tr(
                        "Contact us",
                        "Nous contacter",
                        "Kontakt",
                        "Contacto",
                        "Contattaci",
                        "Kontakt",
                    ),
                    "url": "mailto:secretariat@like.example",
                },
            ),
        ],
        "menu": True,
    },
    {
        "slug": "statutes",
        "title": tr("Statutes", "Statuts", "Satzung", "Estatutos", "Statuto", "Statut"),
        "intro": tr(
            "The statutes of the association, adopted by the General Assembly.",
            "Les statuts de l’association, adoptés par l’Assemblée générale.",
            "Die Satzung des Vereins, beschlossen von der Generalversammlung.",
            "Los estatutos de la asociación, aprobados por la Asamblea General.",
            "Lo statuto dell’associazione, approvato dall’Assemblea generale.",
            "Statut stowarzyszenia przyjęty przez Zgromadzenie Ogólne.",
        ),
        "body": [
            (
                "heading",
                tr(
                    "Article 1 – Name and seat",
                    "Article 1 – Nom et siège",
                    "Artikel 1 – Name und Sitz",
                    "Artículo 1 – Nombre y sede",
                    "Articolo 1 – Nome e sede",
                    "Artykuł 1 – Nazwa i siedziba",
                ),
            ),
            (
                "paragraph",
                tr(
                    "The association is named LIKE – European cities and regions for culture. Its seat is in Lille, France.",
                    "L’association est dénommée LIKE – Villes et régions européennes pour la culture. Son siège est à Lille, en France.",
                    "Der Verein trägt den Namen LIKE – Europäische Städte und Regionen für Kultur. Sein Sitz ist Lille, Frankreich.",
                    "La asociación se denomina LIKE – Ciudades y regiones europeas por la cultura. Su sede está en Lille, Francia.",
                    "L’associazione è denominata LIKE – Città e regioni europee per la cultura. Ha sede a Lille, in Francia.",
                    "Stowarzyszenie nosi nazwę LIKE – Europejskie miasta i regiony na rzecz kultury. Jego siedziba mieści się w Lille we Francji.",
                ),
            ),
            (
                "document",
                tr(
                    "The statutes (PDF)",
                    "Les statuts (PDF)",
                    "Die Satzung (PDF)",
                    "Los estatutos (PDF)",
                    "Lo statuto (PDF)",
                    "Statut (PDF)",
                ),
            ),
        ],
        "menu": False,
    },
]

# Bulk content ---------------------------------------------------------------------------------

THEMES = [
    tr(
        "books and reading",
        "le livre et la lecture",
        "Buch und Lesen",
        "el libro y la lectura",
        "il libro e la lettura",
        "książka i czytelnictwo",
    ),
    tr(
        "photography",
        "la photographie",
        "Fotografie",
        "la fotografía",
        "la fotografia",
        "fotografia",
    ),
    tr(
        "visual arts",
        "les arts visuels",
        "bildende Kunst",
        "las artes visuales",
        "le arti visive",
        "sztuki wizualne",
    ),
    tr(
        "contemporary dance",
        "la danse contemporaine",
        "zeitgenössischer Tanz",
        "la danza contemporánea",
        "la danza contemporanea",
        "taniec współczesny",
    ),
    tr("opera", "l’opéra", "Oper", "la ópera", "l’opera", "opera"),
    tr("cinema", "le cinéma", "Kino", "el cine", "il cinema", "kino"),
]
THEME_TAGS = [
    "books-and-reading",
    "photography",
    "visual-arts",
    "contemporary-dance",
    "opera",
    "cinema",
]

CITIES = [
    "Wrocław",
    "Matera",
    "Esch-sur-Alzette",
    "Kaunas",
    "Novi Sad",
    "Timișoara",
    "Veszprém",
    "Tartu",
    "Chemnitz",
    "Nova Gorica",
    "Oulu",
    "Trenčín",
    "Évora",
    "Liepāja",
    "Lille",
]

NEWS_PATTERNS = [
    {
        "title": tr(
            "Thematic meeting on {theme} in {city}",
            "Rencontre thématique sur {theme} à {city}",
            "Thementreffen zu {theme} in {city}",
            "Encuentro temático sobre {theme} en {city}",
            "Incontro tematico su {theme} a {city}",
            "Spotkanie tematyczne: {theme}, {city}",
        ),
        "summary": tr(
            "Professionals from a dozen countries met in {city} to compare their policies for {theme}.",
            "Des professionnels d’une douzaine de pays se sont réunis à {city} pour comparer leurs politiques pour {theme}.",
            "Fachleute aus einem Dutzend Ländern trafen sich in {city}, um ihre Politik für {theme} zu vergleichen.",
            "Profesionales de una docena de países se reunieron en {city} para comparar sus políticas sobre {theme}.",
            "Professionisti di una dozzina di paesi si sono riuniti a {city} per confrontare le loro politiche per {theme}.",
            "Specjaliści z kilkunastu krajów spotkali się w {city}, by porównać swoją politykę w dziedzinie: {theme}.",
        ),
    },
    {
        "title": tr(
            "{city} joins the network",
            "{city} rejoint le réseau",
            "{city} tritt dem Netzwerk bei",
            "{city} se une a la red",
            "{city} entra nella rete",
            "{city} dołącza do sieci",
        ),
        "summary": tr(
            "We welcome {city}, which will share its experience of {theme} with the members.",
            "Nous accueillons {city}, qui partagera son expérience dans le domaine de {theme} avec les membres.",
            "Wir begrüßen {city}, das seine Erfahrungen mit {theme} mit den Mitgliedern teilen wird.",
            "Damos la bienvenida a {city}, que compartirá su experiencia sobre {theme} con los miembros.",
            "Diamo il benvenuto a {city}, che condividerà con i membri la sua esperienza su {theme}.",
            "Witamy {city}, które podzieli się z członkami doświadczeniem w dziedzinie: {theme}.",
        ),
    },
    {
        "title": tr(
            "Call for contributions on {theme} ({city})",
            "Appel à contributions sur {theme} ({city})",
            "Aufruf zu Beiträgen über {theme} ({city})",
            "Convocatoria de contribuciones sobre {theme} ({city})",
            "Invito a contribuire su {theme} ({city})",
            "Zaproszenie do współpracy: {theme} ({city})",
        ),
        "summary": tr(
            "Members are invited to present a project on {theme} at the next meeting in {city}.",
            "Les membres sont invités à présenter un projet sur {theme} lors de la prochaine rencontre à {city}.",
            "Die Mitglieder sind eingeladen, beim nächsten Treffen in {city} ein Projekt zu {theme} vorzustellen.",
            "Se invita a los miembros a presentar un proyecto sobre {theme} en el próximo encuentro en {city}.",
            "I membri sono invitati a presentare un progetto su {theme} al prossimo incontro a {city}.",
            "Zapraszamy członków do przedstawienia projektu (temat: {theme}) na następnym spotkaniu w {city}.",
        ),
    },
    {
        "title": tr(
            "Report from {city}: cities and regions for {theme}",
            "Retour de {city} : villes et régions pour {theme}",
            "Bericht aus {city}: Städte und Regionen für {theme}",
            "Crónica desde {city}: ciudades y regiones por {theme}",
            "Resoconto da {city}: città e regioni per {theme}",
            "Relacja z {city}: miasta i regiony na rzecz dziedziny {theme}",
        ),
        "summary": tr(
            "The conference report of the meeting in {city} is online, with the speakers’ presentations.",
            "Le compte rendu de la rencontre de {city} est en ligne, avec les présentations des intervenants.",
            "Der Bericht über das Treffen in {city} ist online, mit den Präsentationen der Vortragenden.",
            "El informe del encuentro de {city} está en línea, con las presentaciones de los ponentes.",
            "Il resoconto dell’incontro di {city} è online, con le presentazioni dei relatori.",
            "Raport ze spotkania w {city} jest dostępny w internecie wraz z prezentacjami prelegentów.",
        ),
    },
]

NEWS_BODY = [
    tr(
        "About sixty participants from local and regional authorities, cultural institutions and "
        "national networks took part. The debates showed how much cities and regions learn from one "
        "another when they compare their practices.",
        "Une soixantaine de participants venus de collectivités locales et régionales, d’institutions "
        "culturelles et de réseaux nationaux y ont pris part. Les débats ont montré combien les villes "
        "et les régions apprennent les unes des autres lorsqu’elles comparent leurs pratiques.",
        "Rund sechzig Teilnehmende aus Kommunen und Regionen, Kultureinrichtungen und nationalen "
        "Netzwerken waren dabei. Die Debatten zeigten, wie viel Städte und Regionen voneinander "
        "lernen, wenn sie ihre Praktiken vergleichen.",
        "Participaron unas sesenta personas de autoridades locales y regionales, instituciones "
        "culturales y redes nacionales. Los debates mostraron cuánto aprenden las ciudades y las "
        "regiones unas de otras cuando comparan sus prácticas.",
        "Vi hanno preso parte una sessantina di partecipanti di enti locali e regionali, istituzioni "
        "culturali e reti nazionali. I dibattiti hanno mostrato quanto le città e le regioni imparino "
        "le une dalle altre quando confrontano le loro pratiche.",
        "Wzięło w nim udział około sześćdziesięciu uczestników z samorządów lokalnych i regionalnych, "
        "instytucji kultury i sieci krajowych. Debaty pokazały, jak wiele miasta i regiony uczą się "
        "od siebie nawzajem, porównując swoje praktyki.",
    ),
    tr(
        "The presentations and the conference report will be published in the publications "
        "section. Members who could not attend can ask the secretariat in Lille for the contacts of "
        "the speakers.",
        "Les présentations et le compte rendu de la conférence seront publiés dans la rubrique "
        "Publications. Les membres qui n’ont pas pu venir peuvent demander au secrétariat de Lille "
        "les coordonnées des intervenants.",
        "Die Präsentationen und der Konferenzbericht werden in der Rubrik Publikationen "
        "veröffentlicht. Mitglieder, die nicht teilnehmen konnten, erhalten die Kontakte der "
        "Vortragenden beim Sekretariat in Lille.",
        "Las presentaciones y el informe de la conferencia se publicarán en la sección de "
        "publicaciones. Los miembros que no pudieron asistir pueden pedir a la secretaría en Lille "
        "los contactos de los ponentes.",
        "Le presentazioni e il resoconto della conferenza saranno pubblicati nella sezione "
        "Pubblicazioni. I membri che non hanno potuto partecipare possono chiedere alla segreteria "
        "di Lille i contatti dei relatori.",
        "Prezentacje i sprawozdanie z konferencji zostaną opublikowane w dziale publikacji. "
        "Członkowie, którzy nie mogli wziąć udziału, mogą poprosić sekretariat w Lille o kontakty "
        "do prelegentów.",
    ),
]

# (key, kind, english title pattern, city, country code, offset in days from today, theme index)
EVENT_KINDS_TITLES = {
    "general-assembly": tr(
        "General Assembly and Conference in {city}",
        "Assemblée générale et conférence à {city}",
        "Generalversammlung und Konferenz in {city}",
        "Asamblea General y Conferencia en {city}",
        "Assemblea generale e conferenza a {city}",
        "Zgromadzenie Ogólne i konferencja w {city}",
    ),
    "national": tr(
        "National meeting in {city}",
        "Rencontre nationale à {city}",
        "Nationales Treffen in {city}",
        "Encuentro nacional en {city}",
        "Incontro nazionale a {city}",
        "Spotkanie krajowe w {city}",
    ),
    "thematic": tr(
        "Thematic meeting on {theme} in {city}",
        "Rencontre thématique sur {theme} à {city}",
        "Thementreffen zu {theme} in {city}",
        "Encuentro temático sobre {theme} en {city}",
        "Incontro tematico su {theme} a {city}",
        "Spotkanie tematyczne: {theme}, {city}",
    ),
    "regional": tr(
        "Regional meeting in {city}",
        "Rencontre régionale à {city}",
        "Regionaltreffen in {city}",
        "Encuentro regional en {city}",
        "Incontro regionale a {city}",
        "Spotkanie regionalne w {city}",
    ),
    "online": tr(
        "Online meeting: {theme}",
        "Rencontre en ligne : {theme}",
        "Online-Treffen: {theme}",
        "Encuentro en línea: {theme}",
        "Incontro online: {theme}",
        "Spotkanie online: {theme}",
    ),
}

VENUE = tr(
    "City Hall of {city}",
    "Hôtel de ville de {city}",
    "Rathaus {city}",
    "Ayuntamiento de {city}",
    "Municipio di {city}",
    "Ratusz, {city}",
)

EVENT_SUMMARIES = {
    "general-assembly": tr(
        "The annual General Assembly of the network and its conference, hosted by the European Capital of Culture.",
        "L’Assemblée générale annuelle du réseau et sa conférence, accueillies par la Capitale européenne de la culture.",
        "Die jährliche Generalversammlung des Netzwerks und seine Konferenz, zu Gast in der Kulturhauptstadt Europas.",
        "La Asamblea General anual de la red y su conferencia, acogidas por la Capital Europea de la Cultura.",
        "L’Assemblea generale annuale della rete e la sua conferenza, ospitate dalla Capitale europea della cultura.",
        "Doroczne Zgromadzenie Ogólne sieci i konferencja, których gospodarzem jest Europejska Stolica Kultury.",
    ),
    "national": tr(
        "Our semester meeting in the country holding the Presidency of the European Union.",
        "Notre rencontre semestrielle dans le pays qui assure la présidence de l’Union européenne.",
        "Unser Halbjahrestreffen im Land, das die EU-Ratspräsidentschaft innehat.",
        "Nuestro encuentro semestral en el país que ejerce la Presidencia de la Unión Europea.",
        "Il nostro incontro semestrale nel paese che detiene la Presidenza dell’Unione europea.",
        "Nasze półroczne spotkanie w kraju sprawującym prezydencję w Unii Europejskiej.",
    ),
    "thematic": tr(
        "Two days of visits, workshops and debates between professionals of the sector.",
        "Deux jours de visites, d’ateliers et de débats entre professionnels du secteur.",
        "Zwei Tage mit Besuchen, Workshops und Debatten unter Fachleuten der Branche.",
        "Dos días de visitas, talleres y debates entre profesionales del sector.",
        "Due giorni di visite, laboratori e dibattiti tra professionisti del settore.",
        "Dwa dni wizyt, warsztatów i debat specjalistów z branży.",
    ),
    "regional": tr(
        "A regional and bilateral meeting between neighbouring members.",
        "Une rencontre régionale et bilatérale entre membres voisins.",
        "Ein regionales und bilaterales Treffen benachbarter Mitglieder.",
        "Un encuentro regional y bilateral entre miembros vecinos.",
        "Un incontro regionale e bilaterale tra membri vicini.",
        "Spotkanie regionalne i dwustronne sąsiadujących członków.",
    ),
    "online": tr(
        "An online meeting open to every member: presentations followed by questions.",
        "Une rencontre en ligne ouverte à tous les membres : présentations suivies de questions.",
        "Ein Online-Treffen für alle Mitglieder: Präsentationen mit anschließender Fragerunde.",
        "Un encuentro en línea abierto a todos los miembros: presentaciones seguidas de preguntas.",
        "Un incontro online aperto a tutti i membri: presentazioni seguite da domande.",
        "Spotkanie online otwarte dla wszystkich członków: prezentacje i pytania.",
    ),
}

# key, kind, city, country, time zone, days from today, theme index
EVENTS = [
    ("ga-tartu", "general-assembly", "Tartu", "EE", "Europe/Tallinn", -900, 0),
    ("ga-chemnitz", "general-assembly", "Chemnitz", "DE", "Europe/Berlin", -540, 2),
    ("ga-oulu", "general-assembly", "Oulu", "FI", "Europe/Helsinki", -170, 5),
    ("ga-evora", "general-assembly", "Évora", "PT", "Europe/Lisbon", 190, 1),
    ("national-brussels", "national", "Brussels", "BE", "Europe/Brussels", -960, 0),
    ("national-budapest", "national", "Budapest", "HU", "Europe/Budapest", -780, 0),
    ("national-warsaw", "national", "Warsaw", "PL", "Europe/Warsaw", -600, 0),
    ("national-copenhagen", "national", "Copenhagen", "DK", "Europe/Copenhagen", -420, 0),
    ("national-nicosia", "national", "Nicosia", "CY", "Asia/Nicosia", -240, 0),
    ("national-dublin", "national", "Dublin", "IE", "Europe/Dublin", -60, 0),
    ("national-vilnius", "national", "Vilnius", "LT", "Europe/Vilnius", 75, 0),
    ("national-athens", "national", "Athens", "GR", "Europe/Athens", 250, 0),
    ("thematic-books-lille", "thematic", "Lille", "FR", "Europe/Paris", -700, 0),
    ("thematic-photography-arles", "thematic", "Arles", "FR", "Europe/Paris", -350, 1),
    ("thematic-dance-montpellier", "thematic", "Montpellier", "FR", "Europe/Paris", -30, 3),
    ("thematic-opera-verona", "thematic", "Verona", "IT", "Europe/Rome", 40, 4),
    ("thematic-cinema-krakow", "thematic", "Kraków", "PL", "Europe/Warsaw", 120, 5),
    (
        "thematic-visual-arts-esch",
        "thematic",
        "Esch-sur-Alzette",
        "LU",
        "Europe/Luxembourg",
        300,
        2,
    ),
    ("regional-strasbourg-kehl", "regional", "Strasbourg", "FR", "Europe/Paris", -120, 2),
    ("online-reading", "online", "", "", "UTC", 20, 0),
    ("online-cinema", "online", "", "", "UTC", 150, 5),
]

SESSIONS = [
    (
        "09:30",
        "10:00",
        tr("Welcome", "Accueil", "Begrüßung", "Bienvenida", "Benvenuto", "Powitanie"),
        ["Secretariat of LIKE"],
    ),
    (
        "10:00",
        "12:30",
        tr(
            "Round table: culture in local policies",
            "Table ronde : la culture dans les politiques locales",
            "Podiumsgespräch: Kultur in der Kommunalpolitik",
            "Mesa redonda: la cultura en las políticas locales",
            "Tavola rotonda: la cultura nelle politiche locali",
            "Okrągły stół: kultura w polityce lokalnej",
        ),
        ["Anna Kowalska", "Jean Dupont", "Maria Rossi"],
    ),
    (
        "14:00",
        "17:00",
        tr(
            "Visits and workshops",
            "Visites et ateliers",
            "Besuche und Workshops",
            "Visitas y talleres",
            "Visite e laboratori",
            "Wizyty i warsztaty",
        ),
        [],
    ),
]

PUBLICATION_TITLES = {
    "conference-report": tr(
        "Conference report: {city}",
        "Compte rendu de la conférence : {city}",
        "Konferenzbericht: {city}",
        "Informe de la conferencia: {city}",
        "Resoconto della conferenza: {city}",
        "Raport z konferencji: {city}",
    ),
    "e-bulletin": tr(
        "E-bulletin no. {number}",
        "E-bulletin n° {number}",
        "E-Bulletin Nr. {number}",
        "Boletín electrónico n.º {number}",
        "E-bulletin n. {number}",
        "Biuletyn elektroniczny nr {number}",
    ),
}
PUBLICATION_SUMMARIES = {
    "conference-report": tr(
        "The debates, the speakers and the conclusions of the meeting in {city}.",
        "Les débats, les intervenants et les conclusions de la rencontre de {city}.",
        "Die Debatten, die Vortragenden und die Ergebnisse des Treffens in {city}.",
        "Los debates, los ponentes y las conclusiones del encuentro de {city}.",
        "I dibattiti, i relatori e le conclusioni dell’incontro di {city}.",
        "Debaty, prelegenci i wnioski ze spotkania w {city}.",
    ),
    "e-bulletin": tr(
        "News from the members, calls for partners and the next meetings.",
        "Nouvelles des membres, appels à partenaires et prochaines rencontres.",
        "Neuigkeiten der Mitglieder, Partnersuchen und die nächsten Treffen.",
        "Noticias de los miembros, búsquedas de socios y próximos encuentros.",
        "Notizie dai membri, ricerche di partner e prossimi incontri.",
        "Wiadomości od członków, poszukiwanie partnerów i najbliższe spotkania.",
    ),
}
POSITION_PAPERS = [
    (
        "position-eu-budget",
        tr(
            "Culture in the next EU budget",
            "La culture dans le prochain budget de l’UE",
            "Kultur im nächsten EU-Haushalt",
            "La cultura en el próximo presupuesto de la UE",
            "La cultura nel prossimo bilancio dell’UE",
            "Kultura w następnym budżecie UE",
        ),
        tr(
            "Why the next multiannual financial framework must keep a strong programme for culture.",
            "Pourquoi le prochain cadre financier pluriannuel doit garder un programme fort pour la culture.",
            "Warum der nächste mehrjährige Finanzrahmen ein starkes Kulturprogramm behalten muss.",
            "Por qué el próximo marco financiero plurianual debe mantener un programa fuerte para la cultura.",
            "Perché il prossimo quadro finanziario pluriennale deve mantenere un forte programma per la cultura.",
            "Dlaczego następne wieloletnie ramy finansowe muszą zachować silny program dla kultury.",
        ),
    ),
    (
        "position-cohesion",
        tr(
            "Culture and cohesion policy",
            "Culture et politique de cohésion",
            "Kultur und Kohäsionspolitik",
            "Cultura y política de cohesión",
            "Cultura e politica di coesione",
            "Kultura i polityka spójności",
        ),
        tr(
            "Cities and regions ask for culture to be recognised in regional development funds.",
            "Les villes et les régions demandent que la culture soit reconnue dans les fonds de développement régional.",
            "Städte und Regionen fordern, Kultur in den Regionalentwicklungsfonds anzuerkennen.",
            "Ciudades y regiones piden que la cultura se reconozca en los fondos de desarrollo regional.",
            "Città e regioni chiedono che la cultura sia riconosciuta nei fondi di sviluppo regionale.",
            "Miasta i regiony apelują o uwzględnienie kultury w funduszach rozwoju regionalnego.",
        ),
    ),
    (
        "position-local-democracy",
        tr(
            "Culture at every level of government",
            "La culture à tous les niveaux de gouvernement",
            "Kultur auf allen Regierungsebenen",
            "La cultura en todos los niveles de gobierno",
            "La cultura a tutti i livelli di governo",
            "Kultura na wszystkich szczeblach władzy",
        ),
        tr(
            "Our advocacy paper for local, regional, national and European cultural policies.",
            "Notre plaidoyer pour des politiques culturelles locales, régionales, nationales et européennes.",
            "Unser Positionspapier für lokale, regionale, nationale und europäische Kulturpolitik.",
            "Nuestro documento de defensa de políticas culturales locales, regionales, nacionales y europeas.",
            "Il nostro documento per politiche culturali locali, regionali, nazionali ed europee.",
            "Nasze stanowisko w sprawie lokalnej, regionalnej, krajowej i europejskiej polityki kulturalnej.",
        ),
    ),
]

NETWORK_ACTOR_SUMMARY = (
    "LIKE brings together European cities and regions for culture: cooperation between local "
    "authorities, cultural actors, citizens and European bodies; shared expertise; advocacy for "
    "culture at every level of government. Founded in 1994 as “Les Rencontres”."
)

NETWORK_FEED = {
    "slug": "network-feed",
    "title": tr(
        "From allied networks",
        "Des réseaux alliés",
        "Aus befreundeten Netzwerken",
        "De las redes aliadas",
        "Dalle reti alleate",
        "Z sieci partnerskich",
    ),
    "intro": tr(
        "News and events published on the fediverse by the networks and members we follow.",
        "Actualités et événements publiés sur le fédivers par les réseaux et membres que nous suivons.",
        "Neuigkeiten und Veranstaltungen, die die Netzwerke und Mitglieder, denen wir folgen, im Fediverse veröffentlichen.",
        "Noticias y eventos publicados en el fediverso por las redes y los miembros que seguimos.",
        "Notizie ed eventi pubblicati nel fediverso dalle reti e dai membri che seguiamo.",
        "Aktualności i wydarzenia publikowane w fediwersum przez sieci i członków, których obserwujemy.",
    ),
}
