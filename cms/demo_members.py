"""Demo content of the network's own domain: themes, members, fee bands, projects, practices and
the joint statement, in English and translated into every configured language with wagtail-localize.

Idempotent: every record is looked up by a stable key (slug) before it is created.
"""

import datetime
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from wagtail.models import Locale

from cms.demo_content import tr
from cms.demo_publishing import Strings, ensure_child, translate_page
from cms.members import link_member_account
from cms.models import (
    DirectoryPage,
    FeeBand,
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
    StatementPage,
    StatementSignatory,
    Theme,
)

# Themes -------------------------------------------------------------------------------------

THEMES = [
    tr(
        "Artistic education",
        "Éducation artistique",
        "Künstlerische Bildung",
        "Educación artística",
        "Educazione artistica",
        "Edukacja artystyczna",
    ),
    tr(
        "Education and culture",
        "Éducation et culture",
        "Bildung und Kultur",
        "Educación y cultura",
        "Istruzione e cultura",
        "Edukacja i kultura",
    ),
    tr("Urbanism", "Urbanisme", "Stadtentwicklung", "Urbanismo", "Urbanistica", "Urbanistyka"),
    tr("Heritage", "Patrimoine", "Kulturerbe", "Patrimonio", "Patrimonio", "Dziedzictwo"),
    tr(
        "Artists' rights",
        "Droits des artistes",
        "Rechte der Kunstschaffenden",
        "Derechos de los artistas",
        "Diritti degli artisti",
        "Prawa artystów",
    ),
    tr(
        "Intercultural dialogue",
        "Dialogue interculturel",
        "Interkultureller Dialog",
        "Diálogo intercultural",
        "Dialogo interculturale",
        "Dialog międzykulturowy",
    ),
    tr(
        "Creative and cultural industries",
        "Industries culturelles et créatives",
        "Kultur- und Kreativwirtschaft",
        "Industrias culturales y creativas",
        "Industrie culturali e creative",
        "Sektor kultury i kreatywny",
    ),
    tr(
        "Rural cooperation",
        "Coopération rurale",
        "Ländliche Zusammenarbeit",
        "Cooperación rural",
        "Cooperazione rurale",
        "Współpraca wiejska",
    ),
    tr(
        "Citizen participation",
        "Participation citoyenne",
        "Bürgerbeteiligung",
        "Participación ciudadana",
        "Partecipazione dei cittadini",
        "Partycypacja obywatelska",
    ),
    tr(
        "Access to culture",
        "Accès à la culture",
        "Zugang zur Kultur",
        "Acceso a la cultura",
        "Accesso alla cultura",
        "Dostęp do kultury",
    ),
]
T_ART, T_EDU, T_URB, T_HER, T_RIGHTS, T_DIAL, T_CCI, T_RURAL, T_PART, T_ACCESS = range(10)

# Index pages ---------------------------------------------------------------------------------

DIRECTORY = {
    "title": tr("Members", "Membres", "Mitglieder", "Miembros", "Membri", "Członkowie"),
    "intro": tr(
        "Cities, regions, cultural centres and networks that make LIKE, and the networks we work with.",
        "Les villes, régions, centres culturels et réseaux qui font LIKE, et les réseaux avec lesquels nous travaillons.",
        "Die Städte, Regionen, Kulturzentren und Netzwerke, die LIKE ausmachen, und die Netzwerke, mit denen wir arbeiten.",
        "Las ciudades, regiones, centros culturales y redes que forman LIKE, y las redes con las que trabajamos.",
        "Le città, le regioni, i centri culturali e le reti che formano LIKE, e le reti con cui lavoriamo.",
        "Miasta, regiony, centra kultury i sieci tworzące LIKE oraz sieci, z którymi współpracujemy.",
    ),
}
PROJECTS = {
    "title": tr("Projects", "Projets", "Projekte", "Proyectos", "Progetti", "Projekty"),
    "intro": tr(
        "Joint projects between members of the network.",
        "Les projets communs des membres du réseau.",
        "Gemeinsame Projekte der Mitglieder des Netzwerks.",
        "Proyectos conjuntos entre miembros de la red.",
        "Progetti comuni tra i membri della rete.",
        "Wspólne projekty członków sieci.",
    ),
}
PRACTICES = {
    "title": tr(
        "Best practices",
        "Bonnes pratiques",
        "Gute Praxis",
        "Buenas prácticas",
        "Buone pratiche",
        "Dobre praktyki",
    ),
    "intro": tr(
        "The online database of best practices in cultural cooperation and integrated territorial development.",
        "La base de données en ligne des bonnes pratiques de coopération culturelle et de développement territorial intégré.",
        "Die Online-Datenbank guter Praxis in kultureller Zusammenarbeit und integrierter Gebietsentwicklung.",
        "La base de datos en línea de buenas prácticas de cooperación cultural y desarrollo territorial integrado.",
        "La banca dati online delle buone pratiche di cooperazione culturale e sviluppo territoriale integrato.",
        "Internetowa baza dobrych praktyk współpracy kulturalnej i zintegrowanego rozwoju terytorialnego.",
    ),
}
STATEMENT = {
    "title": tr(
        "The value of international cultural networks",
        "La valeur des réseaux culturels internationaux",
        "Der Wert internationaler Kulturnetzwerke",
        "El valor de las redes culturales internacionales",
        "Il valore delle reti culturali internazionali",
        "Wartość międzynarodowych sieci kulturalnych",
    ),
    "intro": tr(
        "A joint statement of European cultural networks.",
        "Une déclaration commune des réseaux culturels européens.",
        "Eine gemeinsame Erklärung europäischer Kulturnetzwerke.",
        "Una declaración conjunta de las redes culturales europeas.",
        "Una dichiarazione comune delle reti culturali europee.",
        "Wspólna deklaracja europejskich sieci kulturalnych.",
    ),
    "body": tr(
        "International cultural networks connect thousands of artists, organisations and public authorities across Europe. They share knowledge, build trust and make cooperation possible where it would not otherwise happen. We call on the European institutions to recognise and support their work.",
        "Les réseaux culturels internationaux relient des milliers d'artistes, d'organisations et d'autorités publiques en Europe. Ils partagent des savoirs, créent la confiance et rendent possible une coopération qui sinon n'aurait pas lieu. Nous appelons les institutions européennes à reconnaître et à soutenir leur travail.",
        "Internationale Kulturnetzwerke verbinden Tausende von Kunstschaffenden, Organisationen und Behörden in ganz Europa. Sie teilen Wissen, schaffen Vertrauen und ermöglichen Zusammenarbeit, die sonst nicht zustande käme. Wir rufen die europäischen Institutionen auf, ihre Arbeit anzuerkennen und zu unterstützen.",
        "Las redes culturales internacionales conectan a miles de artistas, organizaciones y autoridades públicas en toda Europa. Comparten conocimientos, generan confianza y hacen posible una cooperación que de otro modo no existiría. Pedimos a las instituciones europeas que reconozcan y apoyen su trabajo.",
        "Le reti culturali internazionali collegano migliaia di artisti, organizzazioni e autorità pubbliche in tutta Europa. Condividono conoscenze, creano fiducia e rendono possibile una cooperazione che altrimenti non avverrebbe. Chiediamo alle istituzioni europee di riconoscere e sostenere il loro lavoro.",
        "Międzynarodowe sieci kulturalne łączą tysiące artystów, organizacji i władz publicznych w całej Europie. Dzielą się wiedzą, budują zaufanie i umożliwiają współpracę, która inaczej by nie powstała. Wzywamy instytucje europejskie do uznania i wspierania ich pracy.",
    ),
}

# Organisations -------------------------------------------------------------------------------
# (slug, name, kind, membership, country, city/region, size, themes, member since)

SUMMARY = {
    "city": tr(
        "A city working for culture with its partners in Europe.",
        "Une ville qui agit pour la culture avec ses partenaires en Europe.",
        "Eine Stadt, die mit ihren Partnern in Europa für die Kultur arbeitet.",
        "Una ciudad que trabaja por la cultura con sus socios en Europa.",
        "Una città che lavora per la cultura con i suoi partner in Europa.",
        "Miasto działające na rzecz kultury wraz z partnerami w Europie.",
    ),
    "region": tr(
        "A region that puts culture at the heart of its development.",
        "Une région qui place la culture au cœur de son développement.",
        "Eine Region, die die Kultur ins Zentrum ihrer Entwicklung stellt.",
        "Una región que sitúa la cultura en el centro de su desarrollo.",
        "Una regione che mette la cultura al centro del suo sviluppo.",
        "Region, który stawia kulturę w centrum swojego rozwoju.",
    ),
    "network": tr(
        "A national network of cultural centres, member of the European Network of Cultural Centres.",
        "Un réseau national de centres culturels, membre du Réseau européen des centres culturels.",
        "Ein nationales Netzwerk von Kulturzentren, Mitglied des Europäischen Netzwerks der Kulturzentren.",
        "Una red nacional de centros culturales, miembro de la Red Europea de Centros Culturales.",
        "Una rete nazionale di centri culturali, membro della Rete europea dei centri culturali.",
        "Krajowa sieć centrów kultury, członek Europejskiej Sieci Centrów Kultury.",
    ),
    "centre": tr(
        "A cultural centre open to everyone in its neighbourhood.",
        "Un centre culturel ouvert à tous dans son quartier.",
        "Ein Kulturzentrum, offen für alle in seinem Viertel.",
        "Un centro cultural abierto a todos en su barrio.",
        "Un centro culturale aperto a tutti nel suo quartiere.",
        "Centrum kultury otwarte dla wszystkich w swojej okolicy.",
    ),
    "allied": tr(
        "A European cultural network that works with LIKE.",
        "Un réseau culturel européen qui travaille avec LIKE.",
        "Ein europäisches Kulturnetzwerk, das mit LIKE zusammenarbeitet.",
        "Una red cultural europea que colabora con LIKE.",
        "Una rete culturale europea che collabora con LIKE.",
        "Europejska sieć kulturalna współpracująca z LIKE.",
    ),
    "other": tr(
        "A member of the network.",
        "Un membre du réseau.",
        "Ein Mitglied des Netzwerks.",
        "Un miembro de la red.",
        "Un membro della rete.",
        "Członek sieci.",
    ),
}

MEMBERS = [
    (
        "lille",
        "Lille",
        "city",
        "committee",
        "FR",
        "Hauts-de-France",
        236_234,
        [T_URB, T_HER, T_PART],
        1994,
    ),
    ("porto", "Porto", "city", "committee", "PT", "Norte", 231_962, [T_HER, T_CCI, T_ACCESS], 1998),
    ("constanta", "Constanța", "city", "member", "RO", "Dobrogea", 263_688, [T_HER, T_DIAL], 2012),
    ("rovaniemi", "Rovaniemi", "city", "member", "FI", "Lapland", 64_535, [T_RURAL, T_ART], 2009),
    ("kaunas", "Kaunas", "city", "member", "LT", "Kaunas County", 300_000, [T_CCI, T_PART], 2016),
    ("bologna", "Bologna", "city", "member", "IT", "Emilia-Romagna", 390_000, [T_EDU, T_HER], 2001),
    ("gdansk", "Gdańsk", "city", "member", "PL", "Pomorskie", 486_000, [T_DIAL, T_PART], 2005),
    ("matera", "Matera", "city", "associate", "IT", "Basilicata", 60_000, [T_HER, T_RURAL], 2019),
    ("esch", "Esch-sur-Alzette", "city", "member", "LU", "Minett", 36_000, [T_URB, T_CCI], 2020),
    (
        "leeuwarden",
        "Leeuwarden",
        "city",
        "member",
        "NL",
        "Friesland",
        125_000,
        [T_DIAL, T_ACCESS],
        2017,
    ),
    (
        "barcelona",
        "Barcelona",
        "city",
        "member",
        "ES",
        "Catalonia",
        1_620_000,
        [T_RIGHTS, T_CCI],
        2003,
    ),
    ("elefsina", "Elefsina", "city", "former", "GR", "Attica", 25_000, [T_HER], 2015),
    (
        "vasterbotten",
        "Västerbotten",
        "region",
        "committee",
        "SE",
        "Västerbotten",
        274_000,
        [T_RURAL, T_ART, T_ACCESS],
        2007,
    ),
    (
        "hauts-de-france",
        "Hauts-de-France Region",
        "region",
        "member",
        "FR",
        "Hauts-de-France",
        6_000_000,
        [T_EDU, T_ACCESS],
        1999,
    ),
    (
        "emilia-romagna",
        "Emilia-Romagna Region",
        "region",
        "associate",
        "IT",
        "Emilia-Romagna",
        4_400_000,
        [T_CCI],
        2010,
    ),
    (
        "nord",
        "Département du Nord",
        "county",
        "member",
        "FR",
        "Nord",
        2_600_000,
        [T_EDU, T_RURAL],
        2000,
    ),
    (
        "harghita",
        "Harghita County",
        "county",
        "applicant",
        "RO",
        "Harghita",
        290_000,
        [T_DIAL, T_RURAL],
        None,
    ),
    (
        "limburg",
        "Province of Limburg",
        "province",
        "member",
        "BE",
        "Limburg",
        877_000,
        [T_HER, T_URB],
        2008,
    ),
    (
        "eurometropolis",
        "Eurometropolis Lille-Kortrijk-Tournai",
        "other_authority",
        "associate",
        "FR",
        "Lille-Kortrijk-Tournai",
        2_100_000,
        [T_DIAL, T_URB],
        2014,
    ),
    (
        "casa-da-musica",
        "Casa da Música",
        "institution",
        "member",
        "PT",
        "Porto",
        12_000_000,
        [T_ART, T_ACCESS],
        2011,
    ),
    (
        "maria-kowalska",
        "Maria Kowalska",
        "individual",
        "member",
        "PL",
        "Kraków",
        None,
        [T_RIGHTS],
        2021,
    ),
    ("jean-dupont", "Jean Dupont", "individual", "former", "FR", "Lyon", None, [T_EDU], 2004),
]

NATIONAL_NETWORKS = [
    ("kulturhusene", "Association of Danish Cultural Centres", "DK", [T_ACCESS, T_PART]),
    ("finnish-centres", "Finnish Network of Cultural Centres", "FI", [T_ART, T_RURAL]),
    ("acc-wallonia", "Association of Cultural Centres of Wallonia", "BE", [T_EDU, T_PART]),
    ("polish-centres", "Polish Association of Cultural Centres", "PL", [T_ACCESS, T_EDU]),
]
CENTRES = [
    ("korundi", "Korundi House of Culture", "FI", "Rovaniemi", "finnish-centres", [T_ART]),
    ("godsbanen", "Godsbanen", "DK", "Aarhus", "kulturhusene", [T_CCI]),
    ("centre-culturel-mons", "Centre culturel de Mons", "BE", "Mons", "acc-wallonia", [T_PART]),
    ("dom-kultury-gdansk", "Dom Kultury Gdańsk", "PL", "Gdańsk", "polish-centres", [T_ACCESS]),
]

ALLIED = [
    ("arre", "ARRE – Association of European Royal Residences", "FR", "Versailles"),
    ("culture-action-europe", "Culture Action Europe", "BE", "Brussels"),
    ("echo", "ECHO – European Concert Hall Organisation", "AT", "Vienna"),
    ("european-music-council", "European Music Council", "DE", "Bonn"),
    ("elia", "ELIA – European League of Institutes of the Arts", "NL", "Amsterdam"),
    ("european-theatre-convention", "European Theatre Convention", "DE", "Berlin"),
    ("emcy", "EMCY – European Union of Music Competitions for Youth", "DE", "Munich"),
    ("res-artis", "Res Artis", "NL", "Amsterdam"),
    ("on-the-move", "On the Move", "BE", "Brussels"),
    ("european-choral-association", "European Choral Association", "DE", "Bonn"),
    ("encc", "ENCC – European Network of Cultural Centres", "BE", "Brussels"),
    ("international-music-council", "International Music Council", "FR", "Paris"),
    ("ietm", "IETM – International network for contemporary performing arts", "BE", "Brussels"),
    ("trans-europe-halles", "Trans Europe Halles", "SE", "Lund"),
    ("reseau-art-nouveau", "Réseau Art Nouveau Network", "BE", "Brussels"),
    ("face", "FACE – Fresh Arts Coalition Europe", "BE", "Brussels"),
    ("nemo", "NEMO – Network of European Museum Organisations", "DE", "Berlin"),
    ("triangle-network", "Triangle Network", "GB", "London"),
    ("reseo", "RESEO – European Network for Opera, Music and Dance Education", "BE", "Brussels"),
]
ENCC_DESCRIPTION = (
    "<p>The European Network of Cultural Centres brings together 14 national networks of cultural "
    "centres in 12 countries, about 3,000 cultural centres.</p>"
)

# Fee bands (EUR a year): kind -> [(from, up to, fee, associate fee)]
FEE_BANDS = {
    "city": [
        (0, 50_000, 600, 300),
        (50_000, 250_000, 1_500, 750),
        (250_000, 1_000_000, 3_000, 1_500),
        (1_000_000, None, 5_000, 2_500),
    ],
    "county": [(0, 500_000, 2_000, 1_000), (500_000, None, 4_000, 2_000)],
    "province": [(0, 1_000_000, 3_000, 1_500), (1_000_000, None, 5_000, 2_500)],
    "region": [(0, 1_000_000, 3_000, 1_500), (1_000_000, None, 6_000, 3_000)],
    "other_authority": [(0, 100_000, 800, 400), (100_000, None, 2_000, 1_000)],
    "institution": [
        (0, 500_000, 400, 200),
        (500_000, 2_000_000, 900, 450),
        (2_000_000, None, 1_500, 750),
    ],
    "cultural_centre": [(0, 500_000, 300, 150), (500_000, None, 700, 350)],
    "national_network": [(0, 1_000_000, 800, 400), (1_000_000, None, 1_500, 750)],
    "individual": [(0, None, 60, 60)],
}

# Projects ------------------------------------------------------------------------------------
# (slug, title, status, start, end, programme, themes, [(partner slug, lead)], summary)

PROJECT_LIST = [
    (
        "culture-and-the-sea",
        tr(
            "Culture and the sea",
            "La culture et la mer",
            "Kultur und Meer",
            "La cultura y el mar",
            "La cultura e il mare",
            "Kultura i morze",
        ),
        "running",
        (2023, 3),
        (2026, 2),
        "Creative Europe",
        [T_HER, T_DIAL],
        [("porto", True), ("constanta", False), ("gdansk", False)],
    ),
    (
        "northern-stages",
        tr(
            "Northern stages",
            "Scènes du Nord",
            "Nördliche Bühnen",
            "Escenarios del norte",
            "Palcoscenici del Nord",
            "Sceny Północy",
        ),
        "completed",
        (2018, 1),
        (2021, 6),
        "Interreg North",
        [T_RURAL, T_ART],
        [("vasterbotten", True), ("rovaniemi", False), ("korundi", False)],
    ),
    (
        "cities-of-participation",
        tr(
            "Cities of participation",
            "Villes de la participation",
            "Städte der Beteiligung",
            "Ciudades de la participación",
            "Città della partecipazione",
            "Miasta partycypacji",
        ),
        "running",
        (2024, 1),
        (2027, 12),
        "Citizens, Equality, Rights and Values",
        [T_PART, T_URB],
        [("lille", True), ("kaunas", False), ("leeuwarden", False), ("gdansk", False)],
    ),
    (
        "heritage-lab",
        tr(
            "Heritage lab",
            "Laboratoire du patrimoine",
            "Kulturerbe-Labor",
            "Laboratorio del patrimonio",
            "Laboratorio del patrimonio",
            "Laboratorium dziedzictwa",
        ),
        "completed",
        (2019, 9),
        (2022, 8),
        "Horizon 2020",
        [T_HER],
        [("bologna", True), ("matera", False), ("porto", False), ("limburg", False)],
    ),
    (
        "creative-borders",
        tr(
            "Creative borders",
            "Frontières créatives",
            "Kreative Grenzen",
            "Fronteras creativas",
            "Confini creativi",
            "Kreatywne granice",
        ),
        "running",
        (2022, 5),
        (2025, 12),
        "Interreg France-Wallonie-Vlaanderen",
        [T_CCI, T_DIAL],
        [("eurometropolis", True), ("lille", False), ("centre-culturel-mons", False)],
    ),
    (
        "music-for-all",
        tr(
            "Music for all",
            "La musique pour tous",
            "Musik für alle",
            "Música para todos",
            "Musica per tutti",
            "Muzyka dla wszystkich",
        ),
        "planned",
        (2026, 9),
        (2029, 8),
        "Creative Europe",
        [T_ART, T_ACCESS],
        [("casa-da-musica", True), ("barcelona", False), ("european-music-council", False)],
    ),
    (
        "schools-and-artists",
        tr(
            "Schools and artists",
            "Écoles et artistes",
            "Schulen und Kunstschaffende",
            "Escuelas y artistas",
            "Scuole e artisti",
            "Szkoły i artyści",
        ),
        "running",
        (2023, 9),
        (2026, 6),
        "Erasmus+",
        [T_EDU, T_ART],
        [("hauts-de-france", True), ("nord", False), ("emilia-romagna", False)],
    ),
    (
        "fair-pay-for-artists",
        tr(
            "Fair pay for artists",
            "Une juste rémunération des artistes",
            "Faire Bezahlung für Kunstschaffende",
            "Remuneración justa para los artistas",
            "Equo compenso per gli artisti",
            "Godziwe wynagrodzenie dla artystów",
        ),
        "planned",
        (2027, 1),
        (2028, 12),
        "Creative Europe",
        [T_RIGHTS],
        [("barcelona", True), ("maria-kowalska", False), ("on-the-move", False)],
    ),
    (
        "villages-in-motion",
        tr(
            "Villages in motion",
            "Villages en mouvement",
            "Dörfer in Bewegung",
            "Pueblos en movimiento",
            "Borghi in movimento",
            "Wsie w ruchu",
        ),
        "completed",
        (2017, 4),
        (2020, 3),
        "LEADER",
        [T_RURAL, T_PART],
        [("rovaniemi", True), ("harghita", False), ("finnish-centres", False)],
    ),
    (
        "cultural-centres-tomorrow",
        tr(
            "Cultural centres tomorrow",
            "Les centres culturels de demain",
            "Kulturzentren von morgen",
            "Los centros culturales del mañana",
            "I centri culturali di domani",
            "Centra kultury jutra",
        ),
        "running",
        (2024, 6),
        (2027, 5),
        "Creative Europe",
        [T_ACCESS, T_CCI],
        [
            ("kulturhusene", True),
            ("acc-wallonia", False),
            ("polish-centres", False),
            ("godsbanen", False),
        ],
    ),
]
PROJECT_SUMMARY = tr(
    "A joint project of members of the network.",
    "Un projet commun de membres du réseau.",
    "Ein gemeinsames Projekt von Mitgliedern des Netzwerks.",
    "Un proyecto conjunto de miembros de la red.",
    "Un progetto comune di membri della rete.",
    "Wspólny projekt członków sieci.",
)

# Practices: a pattern per theme, applied to three places each --------------------------------

PRACTICE_PATTERNS = [
    (
        T_ART,
        tr(
            "Artists in the schools of {place}",
            "Des artistes dans les écoles de {place}",
            "Kunstschaffende in den Schulen von {place}",
            "Artistas en las escuelas de {place}",
            "Artisti nelle scuole di {place}",
            "Artyści w szkołach: {place}",
        ),
    ),
    (
        T_EDU,
        tr(
            "Culture in the classroom: {place}",
            "La culture en classe : {place}",
            "Kultur im Klassenzimmer: {place}",
            "Cultura en el aula: {place}",
            "Cultura in classe: {place}",
            "Kultura w klasie: {place}",
        ),
    ),
    (
        T_URB,
        tr(
            "Culture-led regeneration of {place}",
            "Régénération urbaine par la culture à {place}",
            "Kulturgeleitete Stadterneuerung in {place}",
            "Regeneración urbana a través de la cultura en {place}",
            "Rigenerazione urbana guidata dalla cultura a {place}",
            "Rewitalizacja przez kulturę: {place}",
        ),
    ),
    (
        T_HER,
        tr(
            "Living heritage of {place}",
            "Le patrimoine vivant de {place}",
            "Lebendiges Kulturerbe in {place}",
            "Patrimonio vivo de {place}",
            "Patrimonio vivente di {place}",
            "Żywe dziedzictwo: {place}",
        ),
    ),
    (
        T_RIGHTS,
        tr(
            "Fair contracts for artists in {place}",
            "Des contrats équitables pour les artistes à {place}",
            "Faire Verträge für Kunstschaffende in {place}",
            "Contratos justos para artistas en {place}",
            "Contratti equi per gli artisti a {place}",
            "Uczciwe umowy dla artystów: {place}",
        ),
    ),
    (
        T_DIAL,
        tr(
            "Neighbours' stories in {place}",
            "Histoires de voisins à {place}",
            "Nachbarschaftsgeschichten in {place}",
            "Historias de vecinos en {place}",
            "Storie di vicini a {place}",
            "Opowieści sąsiadów: {place}",
        ),
    ),
    (
        T_CCI,
        tr(
            "Creative hub of {place}",
            "Le pôle créatif de {place}",
            "Kreativzentrum {place}",
            "Polo creativo de {place}",
            "Polo creativo di {place}",
            "Centrum kreatywne: {place}",
        ),
    ),
    (
        T_RURAL,
        tr(
            "Touring culture in the villages around {place}",
            "La culture en tournée dans les villages autour de {place}",
            "Kultur auf Tour in den Dörfern um {place}",
            "Cultura itinerante en los pueblos de {place}",
            "Cultura itinerante nei paesi intorno a {place}",
            "Kultura w objeździe po wsiach wokół: {place}",
        ),
    ),
    (
        T_PART,
        tr(
            "Citizens' budget for culture in {place}",
            "Un budget participatif pour la culture à {place}",
            "Bürgerhaushalt für Kultur in {place}",
            "Presupuesto participativo para la cultura en {place}",
            "Bilancio partecipativo per la cultura a {place}",
            "Budżet obywatelski na kulturę: {place}",
        ),
    ),
    (
        T_ACCESS,
        tr(
            "Free culture pass in {place}",
            "Un pass culture gratuit à {place}",
            "Kostenloser Kulturpass in {place}",
            "Pase cultural gratuito en {place}",
            "Pass cultura gratuito a {place}",
            "Bezpłatna karta kultury: {place}",
        ),
    ),
]
# (place, country, level, organisation slug)
PLACES = [
    ("Porto", "PT", "city", "porto"),
    ("Lille", "FR", "city", "lille"),
    ("Västerbotten", "SE", "region", "vasterbotten"),
    ("Constanța", "RO", "city", "constanta"),
    ("Rovaniemi", "FI", "city", "rovaniemi"),
    ("Limburg", "BE", "province", "limburg"),
    ("the Nord department", "FR", "county", "nord"),
    ("Emilia-Romagna", "IT", "region", "emilia-romagna"),
    ("the Eurometropolis", "FR", "cross_border", "eurometropolis"),
    ("Gdańsk", "PL", "city", "gdansk"),
    ("Kaunas", "LT", "city", "kaunas"),
    ("Barcelona", "ES", "city", "barcelona"),
    ("Leeuwarden", "NL", "city", "leeuwarden"),
    ("Denmark", "DK", "national", "kulturhusene"),
    ("Matera", "IT", "city", "matera"),
]
PLACE_NAMES = {
    "the Nord department": tr(
        "the Nord department",
        "le département du Nord",
        "dem Departement Nord",
        "el departamento del Norte",
        "il dipartimento del Nord",
        "departament Nord",
    ),
    "the Eurometropolis": tr(
        "the Eurometropolis",
        "l'Eurométropole",
        "der Eurometropole",
        "la Eurometrópolis",
        "l'Eurometropoli",
        "Eurometropolia",
    ),
    "Denmark": tr("Denmark", "Danemark", "Dänemark", "Dinamarca", "Danimarca", "Dania"),
}
BUDGETS = ["lt10k", "10k-50k", "50k-250k", "250k-1m", "gt1m"]
PRACTICE_SUMMARY = tr(
    "How {place} made it work, what it cost and what changed.",
    "Comment {place} a réussi, ce que cela a coûté et ce qui a changé.",
    "Wie {place} es geschafft hat, was es gekostet hat und was sich verändert hat.",
    "Cómo lo logró {place}, cuánto costó y qué cambió.",
    "Come ci è riuscita {place}, quanto è costato e cosa è cambiato.",
    "Jak {place} to osiągnęło, ile to kosztowało i co się zmieniło.",
)


def _place(place, lang):
    names = PLACE_NAMES.get(place)
    return names[lang] if names else place


def _say(msg, stdout):
    if stdout is not None:
        stdout.write(msg)


def ensure_themes(strings):
    en = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    themes = []
    for entry in THEMES:
        name = strings.add(entry)
        theme, _created = Theme.objects.get_or_create(
            slug=slugify(entry["en"]), locale=en, defaults={"name": name}
        )
        themes.append(theme)
    return themes


def translate_theme(theme, strings, locales):
    """A theme's name in each of `locales` (the translators' word, or the English one)."""
    existing = set(
        Theme.objects.filter(translation_key=theme.translation_key).values_list(
            "locale_id", flat=True
        )
    )
    for locale in locales:
        if locale.pk in existing:
            continue
        copy = theme.copy_for_translation(locale)
        copy.name = strings.get(theme.name, locale.language_code) or theme.name
        copy.save()


def build_directory(home, strings, themes):
    directory = ensure_child(
        home,
        DirectoryPage,
        "members",
        show_in_menus=True,
        title=strings.add(DIRECTORY["title"]),
        intro=f"<p>{strings.add(DIRECTORY['intro'])}</p>",
    )
    summaries = {key: strings.add(entry) for key, entry in SUMMARY.items()}
    orgs = {}
    for slug, name, kind, status, country, region, size, theme_ids, since in MEMBERS:
        unit = "" if size is None else ("budget_eur" if kind == "institution" else "inhabitants")
        summary = summaries[
            "city"
            if kind == "city"
            else "region"
            if kind in ("region", "county", "province")
            else "other"
        ]
        orgs[slug] = ensure_child(
            directory,
            OrganisationPage,
            slug,
            title=name,
            kind=kind,
            membership_status=status,
            country=country,
            city_region=region,
            size_figure=size,
            size_unit=unit,
            summary=summary,
            member_since=since,
            themes=[themes[i] for i in theme_ids],
            website=f"https://{slug}.example.org/",
            contact_name=f"Culture office of {name}",
            contact_email=f"culture@{slug}.example.org",
            contact_phone="+33 3 20 00 00 00",
        )
    for slug, name, country, theme_ids in NATIONAL_NETWORKS:
        orgs[slug] = ensure_child(
            directory,
            OrganisationPage,
            slug,
            title=name,
            kind="national_network",
            membership_status="member",
            country=country,
            size_figure=1_200_000,
            size_unit="budget_eur",
            summary=summaries["network"],
            themes=[themes[i] for i in theme_ids],
            member_since=2013,
            contact_email=f"office@{slug}.example.org",
            contact_name="Network office",
        )
    for slug, name, country, city, network, theme_ids in CENTRES:
        orgs[slug] = ensure_child(
            directory,
            OrganisationPage,
            slug,
            title=name,
            kind="cultural_centre",
            membership_status="member",
            country=country,
            city_region=city,
            size_figure=450_000,
            size_unit="budget_eur",
            summary=summaries["centre"],
            national_network=orgs[network],
            themes=[themes[i] for i in theme_ids],
            member_since=2018,
            contact_email=f"hello@{slug}.example.org",
            contact_name="Programme team",
        )
    for slug, name, country, city in ALLIED:
        orgs[slug] = ensure_child(
            directory,
            OrganisationPage,
            slug,
            title=name,
            kind="allied_network",
            membership_status="none",
            country=country,
            city_region=city,
            summary=summaries["allied"],
            description=ENCC_DESCRIPTION if slug == "encc" else "",
            website=f"https://{slug}.example.org/",
            contact_email=f"info@{slug}.example.org",
        )
    return directory, orgs


def build_fee_bands():
    if FeeBand.objects.exists():
        return
    FeeBand.objects.bulk_create(
        FeeBand(kind=kind, min_size=lo, max_size=hi, yearly_fee=fee, associate_fee=assoc)
        for kind, bands in FEE_BANDS.items()
        for lo, hi, fee, assoc in bands
    )


def build_projects(home, strings, themes, orgs):
    index = ensure_child(
        home,
        ProjectIndexPage,
        "projects",
        show_in_menus=True,
        title=strings.add(PROJECTS["title"]),
        intro=f"<p>{strings.add(PROJECTS['intro'])}</p>",
    )
    summary = strings.add(PROJECT_SUMMARY)
    for slug, title, status, start, end, programme, theme_ids, partners in PROJECT_LIST:
        countries = sorted({orgs[p].country.code for p, _lead in partners})
        ensure_child(
            index,
            ProjectPage,
            slug,
            title=strings.add(title),
            status=status,
            summary=summary,
            start_date=datetime.date(start[0], start[1], 1),
            end_date=datetime.date(end[0], end[1], 28),
            funding_programme=programme,
            countries=countries,
            themes=[themes[i] for i in theme_ids],
            children={
                "partners": [
                    ProjectPartner(organisation=orgs[p], is_lead=lead, sort_order=i)
                    for i, (p, lead) in enumerate(partners)
                ]
            },
        )
    return index


def build_practices(home, strings, themes, orgs):
    from cms.models.practices import PracticeOrganisation

    index = ensure_child(
        home,
        PracticeIndexPage,
        "practices",
        show_in_menus=True,
        title=strings.add(PRACTICES["title"]),
        intro=f"<p>{strings.add(PRACTICES['intro'])}</p>",
    )
    n = 0
    for p_index, (theme_id, pattern) in enumerate(PRACTICE_PATTERNS):
        for k in range(3):
            place, country, level, org = PLACES[(p_index * 3 + k) % len(PLACES)]
            title_entry = {
                lang: pattern[lang].replace("{place}", _place(place, lang)) for lang in pattern
            }
            summary_entry = {
                lang: PRACTICE_SUMMARY[lang].replace("{place}", _place(place, lang))
                for lang in PRACTICE_SUMMARY
            }
            title = strings.add(title_entry)
            second = themes[(theme_id + 1 + k) % len(themes)]
            start = 2008 + (n * 7) % 17
            ensure_child(
                index,
                PracticePage,
                slugify(f"{pattern['en'].split('{')[0]} {place}")[:80],
                title=title,
                summary=strings.add(summary_entry),
                country=country,
                level=level,
                city_region=place.replace("the ", ""),
                themes=[themes[theme_id], second],
                start_year=start,
                end_year=start + 1 + n % 4,
                budget_band=BUDGETS[n % len(BUDGETS)],
                description=f"<p>{strings.add(summary_entry)}</p>",
                results="<p>More people took part in cultural life.</p>",
                contact_name=f"Culture office of {place}",
                contact_email=f"practice{n}@{org}.example.org",
                children={"organisations": [PracticeOrganisation(organisation=orgs[org])]},
            )
            n += 1
    return index


def build_statement(home, strings, orgs):
    page = ensure_child(
        home,
        StatementPage,
        "value-of-networks",
        title=strings.add(STATEMENT["title"]),
        intro=strings.add(STATEMENT["intro"]),
        body=f"<p>{strings.add(STATEMENT['body'])}</p>",
        date=datetime.date(2025, 5, 9),
        children={
            "signatories": [
                StatementSignatory(organisation=orgs[slug], sort_order=i)
                for i, (slug, *_rest) in enumerate(ALLIED)
            ]
        },
    )
    return page


def ensure_member_accounts(orgs):
    """The demo account "member" acts for Lille."""
    user = get_user_model().objects.filter(username="member").first()
    if user is not None:
        link_member_account(user, orgs["lille"], role="Culture office")


def load_demo_members(home, stdout=None, languages=None):
    """Build the members' part of the demo under the English `home`, then translate it."""
    started = time.monotonic()
    strings = Strings()
    themes = ensure_themes(strings)
    build_fee_bands()
    directory, orgs = build_directory(home, strings, themes)
    projects = build_projects(home, strings, themes, orgs)
    practices = build_practices(home, strings, themes, orgs)
    statement = build_statement(home, strings, orgs)
    ensure_member_accounts(orgs)

    codes = languages or [code for code, _name in settings.LANGUAGES]
    locales = list(Locale.objects.exclude(pk=home.locale_id).filter(language_code__in=codes))
    for theme in themes:
        translate_theme(theme, strings, locales)
    count = 0
    for root in (directory, projects, practices, statement):
        for page in root.get_descendants(inclusive=True).order_by("path").specific():
            count += translate_page(page, strings, locales)
    _say(
        f"Members' demo: {len(orgs)} organisations, {count} translations, in {time.monotonic() - started:.1f} s.",
        stdout,
    )
    return count
