"""Names of natural persons: civility cues, first-name lexicon, SURNAME Firstname, initials.

Places and legal persons named after people ("Collège Jean Moulin", "avenue Jean Jaurès",
"Association des Amis de Jean Moulin", "Dupont et Fils SARL", "Saint-Jean-de-Védas") are not
persons: a name preceded by a place/organisation cue or followed by a company suffix is kept.

The package: `vocabulary` (every word the rules read), `lexicon` (first names), `tokens` (what a
word can be), `runs` (rules on runs of capitalised words), `cues` and `finder` (the text around a
name), `prefilter` (RE2 prefilters built from the vocabulary), `persons` (natural vs. legal
persons in a name cell).
"""

from __future__ import annotations

from ..base import Detector
from .finder import find_names
from .lexicon import first_name_forms
from .prefilter import LEXICON_PREFILTER, PREFILTER
from .vocabulary import PERSON_LABELS

DETECTOR = Detector(
    kind="person_name",
    tag="[NOM]",
    prefilter=PREFILTER,
    find=find_names,
    digit_blind=True,
    positives=(
        "DUPONT Jean",
        "Jean-Pierre Martin",
        "Mme Marie-Claire LEBRUN",
        "M. et Mme Durand",
        "courrier de M. Kévin N'Diaye",
        "J. Dupont",
        "J.-P. MARTIN",
        "Jean de La Fontaine",
        "reçu par Madame Lefèvre le 3 mai",
        "Marie d'Aubigné",
        "Rendez-vous avec Meunier Brigitte",
        "Courrier de Aïcha BENALI, quartier Figuerolles",
        "les époux Girard",
        "Mohamed et Fatima Benali",
        "Monsieur Jean-Michel DE LA TOUR",
        "M. Van der Berg",
        "LE GALL Marie-Claire",
        # shapes recognised without the first-name lexicon
        "AUBRY Djeneba demande un rendez-vous",
        "Relance envoyée. M'BENGUE Bakary a rappelé",
        "VAN DEN BERG Chidi (fille) 06 12 34 56 78",
        "Xiaoling Belkacem (voisin)",
        "Dépôt sauvage — témoin : SOKHA ESPINASSE.",
        "Nuisances signalées par Soizic Tourreil, rue Lepic",
        "Courrier reçu de Mounir N'Guessan concernant",
        "Demande transmise selon Kerboul A. à l'association",
        "Peyre L.-M.",
        "titulaire : MME Vigouroux",
        "HOA PUECH demande un rendez-vous",
        "JEAN-LUC BA",
        "Relance envoyée. Achraf Ben Saïd rappellera",
        "Bonjour, merci de rappeler. Cordialement, Salima",
        "Merci d'avance,\nNabil",
        "Dépôt sauvage signalé par piotr issert. Voir",
        "Sa voisine, bérénice gaubert, brûle des déchets",
        "Relance envoyée. OUÉDRAOGO Oumou rappellera",
        "Protocole transactionnel avec Tarik Castan, domicilié à Lattes",
        "Courrier reçu de Van den Berg S. concernant",
        # a person's act after the name, a kinship note, a particle after a weak cue
        "Relance envoyée. Nyokabi Le Bihan a rappelé",
        "WANJIRU BOUSQUET demande un rendez-vous",
        "Ferreira Wanjiru a rappelé hier",
        "Nyokabi Le Goff (fille) [TEL]",
        "Demande transmise à Wanjiru El Amrani à l'association",
        "Demande transmise pour Wanjiru d'Arcy",
        "Nuisances signalées par Nyokabi de Villeneuve (rue Lepic)",
        # lower case: before a person's act, framed by a strong cue, with particles
        "Relance envoyée. nyokabi rigaud a rappelé",
        "(titulaire : wanjiru le goff)",
        "Dépôt sauvage, vu par wanjiru ouédraogo. Voir",
        "Rdv pris avec wanjiru issert le 12/03/2021",
        "Sa voisine, monique de la rochefoucauld, brûle des déchets",
        "Rdv pris chez pierre-yves vo le 20/10/2026",
        "Dépôt sauvage signalé par nyokabi o'brien. Voir",
        "Demande transmise à bakary van den berg à l'association",
    ),
    negatives=(
        "Collège Jean Moulin",
        "avenue Jean Jaurès",
        "Médiathèque Émile Zola",
        "Saint-Jean-de-Védas",
        "Association des Amis de Jean Moulin",
        "Dupont et Fils SARL",
        "M. le Maire",
        "Monsieur le Président du Conseil",
        "Place Charles de Gaulle",
        "Groupe scolaire Jules Ferry",
        "Conseil Municipal du 12 mars",
        "France Bleu Hérault",
        "Piscine M. SPILLIART",
        "Ecoles annexes Charles Daviler et Pauline Kergomard",
        "Zone d'aménagement concerté Port Marianne - Jacques Cœur",
        "Rues Rémy Belleau, Jacques Prévert et Ronsard",
        "Direction Jeunesse Sports emploi et Logement",
        "Université Montpellier 2 HALL IEM",
        "subvention au Club de judo Jean Bouin",
        "Amicale des locataires Paul Valéry",
        "PRU Cévennes_x0001_Travaux",
        "ADMR Aide à Domicile en Milieu Rural",
        "AMTE Tir Educatif",
        "UAICF Section Photo",
        "ASPTT Montpellier Basket",
        "Réunion publique avec Melly Dance Orientale ; 61 participants",
        "Réunion publique avec MOSAIK OUTRE MER",
        "Chez Fatou",
        "Café Joseph",
        "Imp Jean-Baptiste Lully",
        "Article L. 2121-29 du CGCT",
        "Annexe B.",
        "signalé par la police municipale",
        "transmis par courrier recommandé",
        "Bonjour, merci. Cordialement, Le Service Propreté",
        "La demande est passée en commission",
        "Montpellier Danse demande une subvention",
        "Le Service Urbanisme a rappelé",
        "Cette demande a rappelé",
        "Réunion avec Happy Planet Days",
        "Dossier transmis à Port Marianne Habitat",
        "Demande transmise à l'association Rose des Sables",
        "Association Sur les Ailes des Lutins Pédagogie R. Steiner",
        "parcelle située Plan Jean Moulin",
        "adressé par lettre simple.",
        "témoin : aucun témoin.",
        "signalé par voie postale.",
    ),
    direct=False,
    lexicon=first_name_forms,
    lexicon_prefilter=LEXICON_PREFILTER,
    labels=PERSON_LABELS,
)

__all__ = ["DETECTOR", "find_names"]
