"""Every word the person-name rules read, spelled once.

The rules (`tokens`, `runs`, `cues`), the cell-level decisions (`persons`) and the RE2 prefilters
(`prefilter`) all take their words from here, so a cue added to a tuple reaches the rule and the
prefilter that lets texts through to it at the same time. `pattern()` turns a tuple into a
regular expression that Python `re` and RE2 both read (accents optional, spaces as blanks).
"""

from __future__ import annotations

from collections.abc import Iterable

from ...lexicon import strip_accents


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of `text`, in order."""
    return tuple(text.split())


def lower_set(*groups: Iterable[str]) -> frozenset[str]:
    """Lower-case forms of the words of `groups`, with and without accents."""
    out = {w.lower() for group in groups for w in group}
    return frozenset(out | {strip_accents(w) for w in out})


_LETTERS = {"re": r"\w*", "re2": r"\S*"}  # RE2: a plain class keeps the DFA small


def _phrase(phrase: str, engine: str, blank: str) -> str:
    out: list[str] = []
    stem = phrase.endswith("*")
    for ch in phrase.rstrip("*"):
        base = strip_accents(ch)
        if ch == " ":
            out.append(blank)
        elif base != ch and len(phrase) > 1:  # "à" alone must not match "a"
            out.append(f"[{ch}{base}]")
        elif ch == "œ":
            out.append("(?:œ|oe)")
        elif ch in "'’":
            out.append("['’]")
        elif ch.isalnum() or not ch.isascii():  # RE2 escapes ASCII punctuation only ("†")
            out.append(ch)
        else:
            out.append("\\" + ch)
    if stem:
        out.append(_LETTERS[engine])
    return "".join(out)


def pattern(phrases: Iterable[str], engine: str = "re", blank: str = r"[ \xa0]+") -> str:
    """A non-capturing alternation of `phrases` for `engine` ("re" or "re2"): accented letters
    also match without their accent, spaces match `blank` (spaces and NBSP), "œ" matches "oe",
    a trailing "*" lets letters follow (a stem). Longest phrases first."""
    alts = sorted({_phrase(p, engine, blank) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")"


# ---------------------------------------------------------------------------------------------
# Civilities and words that announce persons.

CIVILITY_ABBREVIATIONS = words("M MM Mr Mme Mmes Mlle Mlles Melle Melles Me Dr Pr")
CIVILITY_UPPER = words("MR MME MMES MLLE MLLES MELLE DR")  # "ME" and "PR" are too often acronyms
CIVILITY_WORDS = words("Monsieur Madame Mademoiselle Messieurs Mesdames Maître Docteur Professeur")
CIVILITY_WORDS_UPPER = words("MONSIEUR MADAME MADEMOISELLE")
# Words that announce natural persons even in lower case ("les époux Girard").
FAMILY_WORDS = words("famille époux veuve veuf consorts héritiers indivision succession")
CIVILITIES = lower_set(
    CIVILITY_ABBREVIATIONS, [a + "." for a in CIVILITY_ABBREVIATIONS], CIVILITY_WORDS
)
# Words after a civility that make it a function, not a person ("M. le Maire").
TITLES = lower_set(
    words(
        """maire adjoint adjointe président présidente préfet directeur directrice conseiller
    conseillère député députée sénateur sénatrice ministre rapporteur secrétaire général vice"""
    )
)
PARTICLES = lower_set(
    words(
        """de du des la le d' d’ van von der den vom zu ben bin ibn el al da di dos das del della ter
    ait aït ould"""
    )
)
# Particles that may sit inside a run of capitalised name words ("Jean de La Fontaine").
RUN_PARTICLES = (
    "de la", "de", "du", "des", "le", "la", "van der", "van", "von", "ben", "el", "da", "di",
    "dos", "del", "der", "den", "das", "al", "bin", "ibn", "et", "&",
)  # fmt: skip
# Particles inside a lower-case name ("wanjiru van den berg", "sidi ould cheikh", "enzo lo
# russo").
LOWER_PARTICLES = (
    "de la", "van de", "van den", "van der", "von der", "de", "du", "des", "le", "la", "da",
    "das", "dos", "del", "della", "di", "van", "von", "ben", "el", "ait", "aït", "ould", "der",
    "den", "ter", "bin", "ibn", "al", "lo", "dal", "dalla",
)  # fmt: skip
# Particles opening a lower-case surname written before the first name ("ben amor sylvie").
LEAD_PARTICLES = (
    "ben", "el", "van", "van der", "van den", "von", "da", "dos", "del", "di", "ait", "aït", "de",
    "de la", "du", "des", "le", "la",
)  # fmt: skip
# Capitalised particles that give a pair of words the shape of a family name ("à Awa El Amrani").
CAPITAL_PARTICLES = words("De Du La Le El Ben Van Von Da Dos Di Ait Aït Ould")
# Linking words of a name cell ("DUPONT et MARTIN", "de La Tour").
NAME_LINKS = frozenset(["de", "du", "des", "la", "le", "d'", "et"])

# Words introducing a person before a colon or a comma ("témoin : SOKHA ESPINASSE", "la
# victime, fodé moreau").
ROLE_CUES = (
    *words(
        """témoin témoins titulaire contact demandeur demandeuse requérant requérante signataire
    interlocuteur interlocutrice référent référente déclarant déclarante plaignant plaignante
    usager usagère victime signé signée gérant gérante gérance exploitant exploitante
    repreneur repreneuse cédant cédante occupant occupante"""
    ),
    "ayant droit",
    "ayants droit",
    "représenté par",
    "représentée par",
)
# Prepositions that may introduce a person or an organisation ("réunion avec").
WEAK_CUES = ("par", "avec", "chez", "selon", "pour", "à", "auprès de")
# A caller introducing themselves in a message or a phone note ("bjr c X", "Bonjour, ici X",
# "moi c'est X"): the short forms only right after a greeting.
GREETINGS = words("bonjour bjr bonsoir bsr salut slt allo allô coucou")
SELF_INTRODUCTIONS = ("c", "c'est", "ici", "moi c'est")
SELF_CUES = ("moi c'est", "je m'appelle", "je me présente")
INTRODUCTIONS = SELF_CUES + tuple(
    f"{greeting}{comma} {intro}"
    for greeting in GREETINGS
    for comma in ("", ",")
    for intro in SELF_INTRODUCTIONS
)
# Phrases that introduce a person ("courrier reçu de", "appel de", "rappelé", "visant").
STRONG_CUES = (
    "de la part de", "au nom de", "reçu de", "reçue de", "reçus de", "reçues de", "appel de",
    "rappel de", "rappel à la loi de", "signalement de", "plainte de", "courrier de",
    "courriel de", "message de", "visite de", "réclamation de", "indemnisation de",
    "accordée à", "accordé à", "appartenant à", "attribuée à", "attribué à", "appelé",
    "appelée", "rappelé", "rappelée", "contacté", "contactée", "convoqué", "convoquée",
    "visant", "vise", "visent", "visait", "contact", "décès de", "obsèques de", "inhumation de",
    "au profit de", "d'avec", "en présence de", "en la personne de", "accident de",
    "je soussigné", "je soussignée", "je soussigné(e)",
)  # fmt: skip
# Before a vowel, the "de" closing a cue is elided ("courriel d'Elsa", "inhumation d'Oanh").
ELIDED_CUES = tuple(c[:-2] + "d'" for c in STRONG_CUES + WEAK_CUES if c.endswith(" de"))
POSSESSIVES = words("sa son ses ma mon mes leur leurs notre votre nos vos")
# Relatives and neighbours after a possessive ("sa voisine, bérénice gaubert").
RELATIVES = words(
    """voisin voisine fils fille mère père frère sœur soeur époux épouse mari femme conjoint
    conjointe compagnon compagne neveu nièce cousin cousine oncle tante ami amie locataire
    propriétaire belle-sœur belle-soeur beau-frère gendre bru"""
)
# Kinship notes in parentheses after a name ("Nyokabi Le Goff (fille)").
KINSHIP = RELATIVES + words(
    """tuteur tutrice curateur curatrice petit-fils petite-fille grand-mère grand-père
    belle-fille belle-mère beau-fils beau-père"""
)
# Relatives (one or several) whose first names may follow alone: "son fils Mamadou", "ses
# enfants Ouarda et Eudes", "Sœur déjà inscrite : Hanane", "2 enfants : Noah (né le …)".
GIVEN_NAME_RELATIVES = KINSHIP + words(
    """enfant enfants filles frères sœurs soeurs petits-enfants petites-filles petits-fils
    arrière-petits-enfants neveux nièces cousins cousines parents fillette bébé jumeaux jumelles
    demi-frère demi-sœur demi-soeur belles-sœurs beaux-frères époux épouses fratrie"""
)
# A death noted right after a name ("DUPONT, Zoé, décédée le …", "DUPONT, Zoé † 1990").
DEATH_WORDS = ("décédé", "décédée", "décédé(e)", "inhumé", "inhumée", "inhumé(e)", "†")
# A pupil's school class in brackets after a first name ("Fratrie : Maëlys (CM1)"): a child's
# (a digit may follow: "CE1", "CM2").
SCHOOL_CLASSES = words("TPS PS MS GS CP CE CM ULIS")
# After a person's name, a maiden or married name ("Mme Jacquet née Coulibaly", "Sophie Poujol
# épouse Martin").
NAME_LINK_WORDS = ("épouse", "ép.", "née", "veuve", "vve", "dite", "alias")
# Participles of a person's act before "par" ("signalé par", "vu par"): stems.
PERSON_ACTS = words(
    """signal* dépos* transmis* adress* rédig* envoy* sign* vu vue vus vues reçu* port* écrit*
    représent* rapporté rapportée propos* présenté présentée initié initiée soutenu soutenue"""
)
# Meetings after which "avec" introduces a person ("rdv pris avec", "vu avec").
MEETINGS = words(
    """rdv rendez-vous entretien transactionnel transactionnelle transaction vu vue partagé
    partagée partagés partagées"""
)
# Roles in apposition after a name ("Oanh Besson, riveraine", "Tom Kılıç (secrétaire)").
ROLES_AFTER = words(
    """riverain riveraine riverains habitant habitante habitants parent parents agent agente
    secrétaire trésorier trésorière bénévole retraité retraitée étudiant étudiante ingénieur
    technicien technicienne gardien gardienne employé employée salarié salariée usager usagère
    locataire propriétaire victime témoin plaignant plaignante requérant requérante demandeur
    demandeuse mandataire conducteur conductrice infirmier infirmière enseignant enseignante"""
)
# Who or what a role cue is about, between it and its colon ("Contact riverains :", "Contact
# urgence :").
ROLE_QUALIFIERS = (
    KINSHIP
    + ROLES_AFTER
    + words("famille urgence d'urgence actuel actuelle précédent précédente nouveau nouvelle")
)
# A person's act right after a name ("Sokha Le Bihan a rappelé"); these never are nouns, so they
# also follow a lower-case name.
ACT_VERBS = (
    "a rappelé", "a appelé", "a téléphoné", "rappellera", "appellera", "téléphonera",
    "est pass*", "est venu*", "est revenu*", "est présent*", "s'est pass*", "s'est venu*",
    "s'est revenu*", "s'est présent*",
)  # fmt: skip
# Participles of a call note, without their auxiliary, after a lower-case name opening a clause
# ("x y rappelé(e), ok pr le créneau"): a known first name needed (see `finder._lower_case_names`).
ACT_PARTICIPLES = (
    "rappelé*", "appelé*", "recontacté*", "contacté*", "joint*", "relancé*", "prévenu*",
    "averti*", "injoignable*",
)  # fmt: skip
# Verbs after a capitalised name ("CHIDI BOUSQUET demande").
NAME_VERBS = ("demande", "signale", "souhaite", "déclare", "conteste", "se plaint")
# Verbs right after a civility standing for the person ("Madame souhaite être rappelée"): no
# lower-case surname.
CIVILITY_VERBS = NAME_VERBS + words(
    """indique précise informe explique confirme affirme ajoute rappelle sollicite réclame
    propose refuse accepte estime dit pense habite occupe signalait souhaitait demandait
    indiquait reste était sera serait peut pourra doit devra veut voudrait"""
)
# The day of a call or a visit, right after the caller's name ("appel de x y ce jour").
DAY_WORDS = ("ce jour", "aujourd'hui", "hier", "ce matin", "ce soir", "cet après-midi")
# Closing formulas before a signature ("Cordialement,\nSalima").
CLOSINGS = (
    "cordialement", "bien à vous", "salutations", "salutations distinguées", "merci",
    "merci d'avance", "merci par avance", "merci beaucoup", "bonne journée", "bonne soirée",
    "bonne semaine", "respectueusement", "amicalement", "sincèrement", "à bientôt",
    "merci de rappeler", "merci de me rappeler", "merci de me recontacter", "cdlt", "cdt",
    "bien cordialement", "bàv",
)  # fmt: skip
# Places qualifying a relative before a name ("le voisin du 3e arthur roux", "la voisine d'en
# face, …"): the relative still introduces a person.
RELATIVE_PLACES = ("du dessus", "du dessous", "d'en face", "d'à côté", "du rez-de-chaussée")
# A person's own name announced as such: "portera le nom de X", "son nom d'usage : X".
NAME_CUES = (
    "le nom de", "le nom d'", "son nom de", "son nom d'", "nom de famille", "nom d'usage",
    "nom de naissance", "nom patronymique", "nom d'épouse",
)  # fmt: skip
# Between two quoted names, a change or a correction: "lire « X » au lieu de « Y »",
# "Prénom(s) modifié(s) : « X » devient « Y »".
NAME_CHANGES = ("au lieu de", "devient", "remplacé par", "remplacée par", "et non")
# Frames naming a public figure or the subject of a work, not a private person ("hommage à
# Rosa Parks", "exposition Frida Kahlo", "conférence annuelle sur Albert Camus"): an event noun,
# up to three words qualifying it, a link word; a name right after one is kept, as a name
# filling a quotation alone is a title ("le projet « Paul Valéry »").
# Events about a public figure, also after the name ("X (exposition au musée Fabre)").
FAME_EVENTS = words(
    """hommage exposition expo rétrospective conférence conférences documentaire film spectacle
    lecture lectures centenaire bicentenaire concert concerts récital"""
)
# A heritage listing after a name ("la tombe de X (intérêt patrimonial)"): a public figure.
HERITAGE_NOTES = (
    "intérêt patrimonial", "intérêt historique", "monument historique", "patrimoine funéraire",
)  # fmt: skip
FAME_NOUNS = FAME_EVENTS + words(
    """journée journées œuvre œuvres biographie
    chanson chansons poème poèmes poésie poésies textes roman romans livre livres ouvrage
    répertoire portrait portraits sculpteur sculptrice écrivain écrivaine
    romancier romancière poète poétesse compositeur compositrice cinéaste philosophe
    dessinateur dessinatrice illustrateur illustratrice"""
)
# Works whose quoted title may be followed by their author or performer ("Musique d'entrée :
# « La Vie en rose », Édith Piaf").
WORK_NOUNS = FAME_NOUNS + words(
    "musique musiques morceau morceaux titre titres album albums disque air pièce"
)
FAME_LINKS = ("à", "sur", "de", "autour de", "consacré à", "consacrée à")
FAME_PHRASES = (
    "sur les pas de", "en hommage à", "consacré à", "consacrée à", "fan de", "fans de",
    "à la manière de", "à la manière d'", "dans le style de",
)  # fmt: skip
# A place named after a public figure ("salle baptisée en l'honneur de X", "nommée d'après X").
NAMED_AFTER = tuple(
    f"{verb} {link}"
    for verb in words("baptisé baptisée baptisés baptisées nommé nommée renommé renommée")
    for link in ("en l'honneur de", "en l'honneur d'", "en hommage à", "du nom de", "d'après")
)
# An author or a performer quoted ("Comme le chantait X", "comme l'écrivait X", a saying:
# "comme l'a dit X, …").
QUOTED_AS = tuple(
    f"comme {verb}"
    for verb in (
        "le chantait", "le chante", "l'a chanté", "l'écrivait", "l'écrit", "l'a écrit", "l'a dit",
        "le disait", "disait", "le dit",
    )
)  # fmt: skip
# Right before a capitalised name: the latest work of a public figure ("le dernier Gaël Faye").
WORK_OF = ("le dernier", "la dernière", "le nouveau", "le nouvel", "la nouvelle")
# Function words that end a frame's qualifiers ("conférence de presse de X" is no tribute).
FRAME_BREAKS = words("de du des d avec par pour chez à la le les l un une au aux et")
# Public transport: names between "entre … et …" in a clause about a line are its stops ("le
# tram est bondé entre Louis Blanc et Corum").
TRANSPORT_WORDS = words(
    "tram tramway tramways bus ligne lignes navette navettes arrêt arrêts station"
)
# The words introducing cues end with; "pour" and "à" are too common to let a text through the
# prefilter without a further sign of a name.
COMMON_CUE_TAILS = ("pour", "à")
CUE_TAILS = tuple(
    sorted({c.split()[-1] for c in WEAK_CUES + STRONG_CUES + INTRODUCTIONS} - set(COMMON_CUE_TAILS))
)
# The last word of an introducing cue: a lower-case name may follow it.
CUE_LAST_WORDS = lower_set(CUE_TAILS, COMMON_CUE_TAILS, RELATIVES)

# ---------------------------------------------------------------------------------------------
# Places and legal persons.

# Trades and public services opening an organisation's name ("Boulangerie X", "Taxis Y",
# "Régie des eaux", "Direction des sports", "Harmonie municipale"): a legal person whose
# switchboard or mailbox follows its name.
ORG_TRADES = frozenset(
    words(
        """boulangerie pâtisserie patisserie boucherie charcuterie épicerie epicerie pharmacie
    garage carrosserie taxi taxis ambulance ambulances plomberie menuiserie ébénisterie
    maçonnerie serrurerie miroiterie vitrerie quincaillerie droguerie imprimerie librairie
    papeterie fleuriste jardinerie pépinière pépinières cordonnerie bijouterie horlogerie
    optique laboratoire pressing laverie blanchisserie auto-école transports déménagements
    terrassement paysagiste paysagistes charpente atelier ateliers studio agence cabinet
    restaurant brasserie traiteur hôtel camping régie regie direction service pôle pole
    délégation mission office harmonie fanfare orchestre philharmonie chorale"""
    )
)
# Public facilities ("Espace X", "Salle Y", "Médiathèque Z"): an address right after one's name
# is its own.
FACILITIES = words(
    """espace centre salle gymnase stade piscine patinoire médiathèque mediatheque bibliothèque
    ludothèque musée théâtre cinéma opéra auditorium palais halle complexe gare caserne cimetière
    église temple mosquée synagogue chapelle mjc campus faculté"""
)
# A capitalised phrase after one of these words names a place or a legal person, not a person.
PLACE_OR_ORG_CUES = frozenset(
    words(
        """rue avenue av av. bd bd. boulevard bld place pl pl. allée allee allées impasse chemin route
    imp chem che rte r cour crs sq fg fbg
    quai cours square passage lotissement résidence residence montée traverse clos hameau
    esplanade promenade rond-point voie sentier cité cite quartier faubourg parvis pont port
    collège college lycée lycee école ecole écoles groupe scolaire maternelle élémentaire
    elementaire primaire université universite faculté iut institut campus crèche creche stade
    gymnase piscine patinoire halle complexe sportif salle palais parc jardin jardins bois square
    zac zone centre espace maison foyer médiathèque mediatheque bibliothèque bibliotheque
    ludothèque musée musee théâtre theatre cinéma cinema opéra opera auditorium conservatoire
    hôpital hopital clinique chu ehpad pharmacie caserne gare station arrêt arret ligne tramway
    aéroport aeroport pavillon domaine château chateau église eglise chapelle cathédrale mosquée
    temple synagogue cimetière cimetiere mairie hôtel hotel prix fondation association asso
    amicale club comité comite fédération federation union syndicat ligue société societe sarl
    sas sasu eurl sci snc scop gie ets établissements etablissements entreprise cabinet agence
    studio atelier garage boulangerie restaurant librairie galerie compagnie cie troupe chorale
    orchestre ensemble collectif cercle académie academie amis centre-ville tous pôle pole
    avenue-du plan promotion fonds trophée trophee mémorial memorial monument statue buste plaque
    salle-des tournoi challenge coupe festival rencontres boulodrome aire skatepark city-stade
    dojo base nautique annexe annexes rues avenues places écoles ecoles bâtiment batiment bat
    hall amphi amphithéâtre amphitheatre bloc immeuble aile concerté concerte direction
    service ville commune communes métropole metropole département departement région region
    état etat ccas cias sivom sivu communauté communaute agglomération agglomeration préfecture
    prefecture conseil ministère ministere office urssaf cpam caf msa sem spl serm
    établissement etablissement institution organisme coopérative cooperative mutuelle banque
    crédit credit groupement gip epci epic epa sdis onf inrae cnrs inserm
    café cafe bar brasserie bistrot bistro pizzeria pizza snack kebab tabac épicerie epicerie
    boucherie charcuterie fromagerie poissonnerie pâtisserie patisserie traiteur crêperie
    creperie salon coiffure boutique magasin pressing fleuriste opticien auberge glacier
    caviste primeur bazar supérette superette restau resto radio télé tele tv web tram paroisse
    syndic copropriété copropriete gaec earl scea cuma fse apel mjc cave ehpad mecs itep ase marché
    halles bassin carrefour viaduc grand-rue grande-rue échangeur echangeur giratoire rocade
    tunnel passerelle ruelle corniche parking compteur habitat marbrerie funérarium funerarium
    pompes ateliers bijouterie blanchisserie camping carrosserie charpente cordonnerie droguerie
    déménagements horlogerie imprimerie jardinerie laboratoire laverie maçonnerie maconnerie
    menuiserie miroiterie optique papeterie pépinière pépinières plomberie quincaillerie régie
    regie serrurerie terrassement transports vitrerie ébénisterie électricité electricite élagage
    elagage"""
    )
)
# Activities and purposes that name associations ("ASPTT Montpellier Basket", "Loisirs et
# Culture"): a name cell holding one is a legal person (never read as a surname).
ORG_ACTIVITY_WORDS = frozenset(
    words(
        """sport sports sportif sportive culture culturel culturelle cultures danse danses musique
    musiques musical musicale chant chants chorale théâtre arts santé solidarité solidarités
    solidaire loisirs loisir randonnée randonnées randonneurs football rugby basket basket-ball
    volley volley-ball handball judo karaté karate tennis pétanque boules yoga gym gymnastique
    natation escrime cyclisme cyclotourisme athlétisme boxe aïkido aikido roller plongée golf
    skate skateboard trampoline lutte hockey badminton
    ski surf escalade équitation échecs scrabble jeux cinéma photographie vidéo production
    productions création créations formation formations insertion emploi éducation
    environnement écologie patrimoine jumelage amitié amitiés entraide partage échanges
    citoyenneté développement recherche handicap handicapés parents enfants enfance jeunes
    jeunesse familles retraités seniors étudiants habitants riverains consommateurs défense
    promotion sauvegarde protection animation animations évènementiel événementiel
    événements festival international internationale européen européenne humanitaire
    fraternité accueil médiation prévention soutien entraînement multisports omnisports
    pédagogie évangélique chrétienne chrétien musulmane musulman culturels réseau réseaux
    collectif initiative initiatives projet projets découverte aventure passion mouvement
    tourisme vacances média médias dance music sports fitness academy team crew band chœur
    chœurs choeur choeurs magazine"""
    )
)
ACTIVITY = lower_set(ORG_ACTIVITY_WORDS)
# After a name, these mark a company ("Dupont et Fils", "Martin SARL"); the last word of a run
# of capitalised words, they make it one ("Vidal Technologies", "Garnier Partners").
LEGAL_SUFFIXES = frozenset(
    words(
        """sarl sas sasu eurl sci snc scop gie fils frères freres associés associes cie consulting
    immobilier conseil architectes avocats notaires géomètres technologies technologie technology
    solutions industries industrie industry systèmes systemes systems group groupe partners
    partenaires logistique logistics ingénierie ingenierie engineering consultants holding
    software digital télécom telecom télécoms telecoms énergies energies labs invest pharma"""
    )
)
# Company forms that are French words in lower case ("sa fille"): only as written in capitals.
UPPER_COMPANY_FORMS = frozenset(["SA", "PF"])  # "PF": pompes funèbres ("PF Marty")
# Adjectives that may sit between a cue and a name ("école maternelle Jules Ferry").
PLACE_ADJECTIVES = frozenset(
    words(
        """maternelle élémentaire elementaire primaire scolaire sportif sportive municipal municipale
    municipaux communal communale public publique privé privée departemental départemental
    départementale regional régional régionale universitaire culturel culturelle social sociale
    nautique olympique technique professionnel professionnelle agricole polyvalent polyvalente
    intercommunal intercommunale associatif associative médical medical médicale hospitalier
    national nationale international internationale nouveau nouvelle grand grande petit petite
    vieux vieille annexe couvert couverte omnisports"""
    )
)
SAINTS = frozenset(["saint", "sainte", "st", "ste"])

# ---------------------------------------------------------------------------------------------
# Words that are never a name.

# Capitalised words that start sentences or name institutions, never a surname.
NON_NAME = lower_set(
    words(
        """le la les l un une des du de d au aux pour par dans sur sous avec sans chez et ou en ce cet
    cette ces son sa ses leur leurs il elle ils elles nous vous on qui que dont où ou mais donc or
    ni car si à a est sont été être avoir objet vu considérant considerant article articles décide
    decide approuve autorise délibération deliberation séance seance conseil municipal
    métropolitain metropolitain commune communes ville métropole metropole mairie département
    departement région region état etat république republique france europe montpellier
    montpelliérain montpelliéraine montpelliérains montpelliéraines méditerranée mediterranee
    hérault herault occitanie languedoc roussillon languedoc-roussillon
    provence camargue nord sud est ouest janvier février
    fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    lundi mardi mercredi jeudi vendredi samedi dimanche monsieur madame mesdames messieurs total
    montant budget subvention convention marché marche contrat avenant annexe rapport service
    services direction pôle pole mission division bureau cabinet adjoint adjointe maire président
    presidente présidente vice premier première premiere conseiller conseillère conseillere
    délégué délégue deleguee déléguée général générale generale secrétaire secretaire directeur
    directrice chef responsable agent agents saint sainte st ste notre dame new the of and street
    bis ter cedex bp cs tél tel fax mail email courriel internet site web www http https"""
    )
)
# Upper-case words of four letters or more that read like a name but are acronyms.
ACRONYMS = frozenset(
    words(
        """anru opah anah ademe afpa adil apave arcep cerema enedis insee inrae unesco onema
    crous urssaf ursaff capeb copro cnil dreal ddtm ddfip dgfip ofii unicef oms otan"""
    )
)
# Capitalised nouns that label a category, never a surname before an initial ("Annexe B.").
CATEGORY_WORDS = lower_set(
    words(
        """article articles annexe catégorie niveau classe lot option tranche phase
    bâtiment bât escalier esc porte tribune salle section série type zone
    plan vitamine groupe bloc aile étage secteur parcelle chapitre titre partie point
    alinéa hall entrée tome volume page figure tableau modèle version cas
    équipe poule division rang code loi décret arrêté item case box ligne
    lettre note pièce dossier réf vol numéro tour étape pôle
    programme projet opération action axe objectif mesure fiche critère
    catégories licence permis"""
    )
)
# Frequent French words that may follow a lower-case first name: never a surname.
LOWER_STOP = lower_set(
    words(
        """le la les l un une des du de d au aux a à et ou en ce cet cette ces son sa ses leur
    leurs il elle ils elles nous vous on qui que qu dont où mais donc or ni car si est sont
    été être avoir ont avait était sera pour par dans sur sous avec sans chez vers depuis
    pendant après avant entre contre selon lors dès ne pas plus très bien aussi encore déjà
    toujours jamais tout tous toute toutes même rien chaque aucun aucune ici là y lui leur
    se sa s ça cela ceci comme puis ensuite alors afin mail courrier téléphone tel tél le
    mon ma mes ton ta tes notre votre nos vos soins voie lettre simple postale email sms fax
    erreur avance ailleurs exemple défaut accord écrit oral recommandé recommandée plusieurs
    quelques certains certaines divers diverses nombreux nombreuses autres différents"""
    )
)
# Lexicon first names that are also ordinary French words in lower case.
LOWER_AMBIGUOUS = lower_set(
    words(
        """pierre rose marine claire blanche violette victoire constance prudence grace grâce
    ange aime aimé jade perle ambre iris capucine olive fleur océane lilas jasmin
    camille dominique france colombe aurore soleil lune clément léger juste fidèle
    félicité espérance marguerite pascal noël martin vincent simple page russe amour innocent
    modeste parfait patience anis"""
    )
)
# First-name lexicon entries that are far more often a common word in French text.
AMBIGUOUS_FIRST_NAMES = lower_set(
    words(
        """ah alter ami amie an april art aura avis avril bas beau belle ben berlin bras brin cadi
    chance cher christ ciel colombe constant demi don eden elle essence fleur fortune franc france
    gloria happy hardy io issy jeunesse juste justice kaolin les lien lin lois mai major mari marin
    marine mars media mica miracle modeste monta monte mort odessa olive olympia omega oral page
    paris patience porter prince pris reine rio rue sage salut sans sens sera signe star su tel
    temple toussaint trace travers unique val ville vin york"""
    )
)

# ---------------------------------------------------------------------------------------------
# Column headers (accent-free lower-case tokens or token pairs, see `lexicon.header_tokens`).

# Headers naming the persons a row is about: bare names in such a column are persons.
SUBJECT_LABELS = words(
    """prenom prenoms demandeur beneficiaire titulaire proprietaire locataire patronyme
    signataire usager petitionnaire requerant declarant defunt defunte benevole adherent
    adherente redevable"""
)
# Headers naming the administration's side of a row ("Élu signataire", "Agent instructeur"):
# the officials who sign or handle it, never whom it is about.
OFFICIAL_LABELS = words("elu elue elus elues instructeur instructrice")
# Headers naming whoever acts for the person a row is about ("Responsable légal" of a pupil):
# an organisation there (a child-welfare service, a foster home) is one, its contact details too.
GUARDIAN_LABELS = words(
    """representant representante responsable tuteur tutrice curateur curatrice parent parents
    mandataire"""
)
# Headers naming people, among other things ("Nom", "Contact", "Représentant légal").
PERSON_LABELS = (
    SUBJECT_LABELS
    + GUARDIAN_LABELS
    + words("nom redacteur elu elus agent contact president enfant enfants")
)
# Headers naming a place or a facility ("Arrêt le plus proche", "Lieu concerné", "Marché"): the
# names such a column holds are places named after people, not persons.
PLACE_LABELS = words(
    """arret arrets station stations lieu lieux site equipement equipements salle salles voie
    rue quartier marche marches parc stade gymnase piscine ecole college lycee mediatheque
    bibliotheque musee cimetiere etablissement batiment"""
)
# Headers naming a thing ("Véhicule", "Modèle", "Essence", "Variété", "Titre"): its cells are
# things named like persons ("Nissan Micra", "Pierre de Ronsard" roses), no column of names.
THING_LABELS = words(
    """vehicule vehicules modele modeles marque marques type types essence essences espece
    especes variete varietes race races cepage cepages materiel materiels equipement
    equipements engin engins appareil appareils produit produits article articles titre titres
    oeuvre oeuvres ouvrage ouvrages livre livres film films album albums spectacle spectacles"""
)
# Headers naming an organisation ("Club", "Entreprise", "Raison sociale", "Maître d'ouvrage"):
# the rows are about it; its contact details elsewhere in the row are its own.
ORGANISATION_LABELS = words(
    """club clubs association associations entreprise entreprises societe organisme organismes
    structure structures raison bailleur exploitant prestataire fournisseur attributaire
    attributaires soumissionnaire"""
)
# Headers naming who publishes a contact line as a practice or an organisation (« Tél.
# vétérinaire », « Tél. service »): its landlines are that holder's, not the row subject's.
HOLDER_LABELS = words(
    """club association entreprise societe organisme structure service etablissement agence
    cabinet mairie ecole college lycee creche clinique pharmacie veterinaire medecin notaire
    syndic standard"""
)
# Header words naming a person's own line beside a holder (« Tél. référent de la structure »).
CONTACT_ROLE_LABELS = words(
    """referent referente interlocuteur interlocutrice correspondant correspondante personnel
    personnelle perso portable mobile"""
)
# Headers naming public figures (« Personnalité honorée », « Éponyme »): names kept.
PUBLIC_FIGURE_LABELS = words(
    """personnalite personnalites eponyme eponymes dedicataire dedicataires honore honoree
    honores honorees"""
)
# Headers naming the authors of published works ("Auteur" beside "Titre", "ISBN"): public
# figures named as such, kept.
AUTHOR_LABELS = words("auteur auteurs auteure artiste artistes compositeur realisateur ecrivain")
WORK_LABELS = words("titre isbn editeur oeuvre album film")

# A column saying who each row is about (« Catégorie du demandeur » : « Particulier »,
# « Personne morale »): its header names a category, its values are natural or legal persons.
CATEGORY_HEADER_WORDS = frozenset(
    ["categorie", "type", "statut", "forme", "juridique", "qualite", "nature", "personne"]
)
NATURAL_CATEGORIES = frozenset(
    [
        "personne physique",
        "physique",
        "particulier",
        "particuliers",
        "particulier e",
        "individu",
        "personne privee",
        "menage",
        "foyer",
        "indivision",
        # a sole trader is a natural person: his name and home are his own
        "entreprise individuelle",
        "entrepreneur individuel",
        "ei",
        "eirl",
        "auto entrepreneur",
        "micro entrepreneur",
        "micro entreprise",
        "exploitant agricole",
        "artisan",
    ]
)
LEGAL_CATEGORIES = frozenset(
    [
        "personne morale",
        "morale",
        "personne morale de droit prive",
        "personne morale de droit public",
        "association",
        "associations",
        "bailleur social",
        "bailleurs sociaux",
        "bailleur",
        "promoteur",
        "promoteur immobilier",
        "amenageur",
        "entreprise",
        "entreprises",
        "societe",
        "collectivite",
        "collectivites",
        "collectivite territoriale",
        "commune",
        "etablissement public",
        "administration",
        "etat",
        "syndic",
        "syndicat",
        "copropriete",
        "syndicat de coproprietaires",
        "fondation",
        "cooperative",
        "mutuelle",
        "organisme public",
        "sci",
        "sarl",
        "sas",
        "sasu",
        "sa",
        "eurl",
        "snc",
        "scop",
        "scic",
        "sem",
        "spl",
        "gie",
        "earl",
        "gaec",
        "scea",
    ]
)

# ---------------------------------------------------------------------------------------------
# Elected officials named in their function ("X, maire de la commune", "X (adjointe au maire
# déléguée à la culture)", "X, vice-président de la Métropole"): public, not private persons
# (see `cues.OFFICE_AFTER`). Offices complete by themselves, right after the name's comma,
# bracket or dash:
ELECTIVE_OFFICES = words(
    """maire maire-adjoint maire-adjointe député députée eurodéputé eurodéputée sénateur
    sénatrice"""
)
# A deputy's office: "adjoint(e) au maire", "adjointe à la culture", an ordinal before it
# ("première adjointe", "2e adjoint"); not a deputy of a service's head ("adjoint au chef").
DEPUTY_OFFICES = ("adjoint", "adjointe")
DEPUTY_ORDINALS = words(
    "premier première second seconde deuxième troisième quatrième cinquième sixième septième"
)
DEPUTY_NOT_ELECTED = words(
    """directeur directrice chef cheffe responsable gérant gérante secrétaire direction service
    technique techniques administratif administrative"""
)
# A councillor's office: "conseiller municipal", "conseillère métropolitaine déléguée …", "élue
# municipale" ("élu du personnel" is none).
COUNCILLORS = words("conseiller conseillère conseillers conseillères élu élue élus élues")
COUNCILS = words(
    """municipal municipale métropolitain métropolitaine départemental départementale régional
    régionale communautaire général générale délégué déléguée d'arrondissement"""
)
# A (vice-)president's office only with the elected body it presides ("vice-présidente de la
# Métropole"; "président de l'association" is a private person) or as a delegated
# vice-president ("vice-président délégué aux sports").
PRESIDENTS = words("président présidente vice-président vice-présidente")
ELECTED_BODIES = (
    "métropole", "région", "département", "agglomération", "communauté d'agglomération",
    "communauté de communes", "communauté urbaine", "conseil départemental", "conseil régional",
    "conseil métropolitain", "conseil général", "conseil municipal", "conseil de métropole",
)  # fmt: skip
# Events an official attends, before "du" / "de la" and the office ("en présence du maire, X",
# "allocution de la députée X"); "le fils du maire, X" is a relative, no official.
OFFICE_EVENTS = words(
    """présence visite allocution discours intervention invitation initiative inauguration"""
)

# Roles of a private party to a file, heading a label or right before its name (« Succession :
# héritier x y », « ancien occupant X Y », « Colocataire déclaré : X », « le gardien x y »): a
# strong cue.
PARTY_ROLES = (
    *words(
        """héritier héritière héritiers héritières légataire légataires colocataire colocataires
    locataire locataires sous-locataire occupant occupante occupants occupantes détenteur
    détentrice détenteurs propriétaire propriétaires copropriétaire copropriétaires
    nu-propriétaire usufruitier usufruitière indivisaire indivisaires conjoint conjointe
    tuteur tutrice curateur curatrice mandataire mandataires gestionnaire titulaire cotitulaire
    bénéficiaire bénéficiaires souscripteur souscriptrice abonné abonnée acquéreur acquéreuse
    cédant cédante repreneur repreneuse successeur hébergeant hébergeante hébergé hébergée
    résident résidente gardien gardienne concierge aidant aidante accompagnant accompagnante
    garant garante débiteur débitrice payeur payeuse"""
    ),
    "ayant droit",
    "ayants droit",
)
# Words qualifying such a role right before it, without an article (« ancien occupant X »).
PARTY_ROLE_ADJECTIVES = words(
    "ancien ancienne anciens nouveau nouvel nouvelle nouveaux précédent précédente futur future ex"
)

# Months and days (in `NON_NAME`): given names as well (« Mai », « Avril »), read as such beside
# other name words in a column of persons.
CALENDAR_WORDS = lower_set(
    words(
        """janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche"""
    )
)
# Adverbs between a person's act and its "par" ("porté aussi par X", "signalé également par").
ACT_ADVERBS = words("aussi également egalement notamment déjà deja conjointement initialement")
# Where a person lives, in apposition after a name ("(X Y, 2e étage)", "X Y, appt 12").
DWELLING_WORDS = words(
    "étage etage appartement appt bâtiment bât batiment escalier rez-de-chaussée"
)
# A subject cell pointing back at the person the row is about (« idem », « l'intéressée »): a
# natural person, whose contact details go with the row.
SAME_PERSON = lower_set(
    words("idem id ditto lui-même elle-même moi-même soi-même ci-dessus"),
    ("le même", "la même", "même personne", "la même personne", "cf. ci-dessus", "voir ci-dessus"),
    (
        f"{article}{word}"
        for article in ("", "l'", "l’")
        for word in ("intéressé", "intéressée", "intéressé(e)", "intéressé-e")
    ),
)
# A family word abbreviated, read with its dot (« voisin concerné : fam. X »).
FAMILY_ABBREVIATIONS = words("fam")
