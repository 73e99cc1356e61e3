"""Hand-typed vocabulary of sealed evaluation set #7 (`bench/anonymize_sealed7.py`).

Invented people only: first names and surnames are drawn independently and combined at random.
Elected officials are invented; streets, tram stops, facilities and famous people are public.
"""

# fmt: off
# First names, women then men; about a third are rare on purpose.
WOMEN = """
Amandine, Bérengère, Capucine, Delphine, Estelle, Faustine, Gwladys, Héloïse, Isaure, Josiane,
Laurence, Maïwenn, Noémie, Océane, Pascaline, Rolande, Solène, Tiphaine, Violaine, Yolande,
Aïcha, Farida, Houria, Khadija, Latifa, Malika, Nadira, Rachida, Samira, Yasmina, Zohra, Ouarda,
Aminata, Fatoumata, Kadiatou, Mariama, Ndeye, Awa, Coumba, Adjoa, Nafissatou, Rokia,
Conceição, Fátima, Graça, Inês, Leonor, Rosário, Filipa, Joana,
Inmaculada, Pilar, Remedios, Encarnación, Montserrat, Rocío, Nuria, Consuelo,
Giulia, Raffaella, Ornella, Loredana, Assunta, Carmela, Graziella, Donatella,
Thi Lan, Ngoc Anh, Thu Hà, Mai Linh, Bích, Hoa, Thuy,
Anahid, Lusine, Siranouche, Nariné, Armine, Taline,
Anaïg, Gwenaëlle, Katell, Nolwenn, Rozenn, Soazig, Enora, Morgane,
Azalaïs, Esclarmonde, Mireille, Magali, Fanette, Roseline, Clémence,
Marie-Claude, Anne-Laure, Marie-Thérèse, Anne-Sophie, Marie-Paule, Lou-Anne, Marie-Noëlle,
Ghislaine, Bernadette, Huguette, Odette, Sidonie, Albane, Philippine, Perrine, Guillemette
"""
MEN = """
Aurélien, Baptiste, Cyprien, Donatien, Eudes, Firmin, Gatien, Hippolyte, Ignace, Joris,
Ludovic, Maxence, Norbert, Octave, Pacôme, Quentin, Romuald, Séverin, Tanguy, Valentin,
Abdelkader, Bachir, Djamel, Farid, Hakim, Lakhdar, Mourad, Nordine, Rachid, Saïd, Tahar, Zoubir,
Mamadou, Ousmane, Souleymane, Boubacar, Cheikh, Ibrahima, Modibo, Seydou, Kwame, Lamine,
Joaquim, Rui, Tiago, Vasco, Duarte, Gonçalo, Nuno, Fernão,
Íñigo, Joaquín, Ramiro, Fulgencio, Benigno, Eusebio, Alfonso, Marcelino,
Gennaro, Salvatore, Ettore, Pasquale, Vittorio, Calogero, Corrado, Rocco,
Van Minh, Quang, Duc Anh, Thanh, Huy, Tuan, Khoa,
Aram, Garabed, Hagop, Vahan, Sarkis, Kévork,
Erwan, Gwenolé, Loïc, Tugdual, Yannig, Ronan, Maël, Corentin,
Aimeric, Bertrand, Guilhem, Jòrdi, Peire, Estève, Raymond,
Jean-Baptiste, Pierre-Yves, Jean-Christophe, Marc-Antoine, Paul-Henri, Jean-Noël, Louis-Marie,
Anatole, Barnabé, Célestin, Eugène, Fulbert, Lucien, Marius, Philibert, Théophile
"""
# Surnames: particles, apostrophes, hyphens, two-letter names, compounds.
SURNAMES = """
Abadie, Aubanel, Barral, Bascou, Bonnafous, Bouscarel, Cabanis, Castagné, Cazalis, Coulondre,
Delpech, Espinasse, Fabre-Sarda, Fontanilles, Gasc, Granier, Jalabert, Lafont, Maffre, Molinier,
Pagès, Peyrottes, Rouquette, Salles, Sicard, Teissier, Vidal-Naquet, Vézinhet, Arnal, Bastide,
Benyahia, Bouzidi, Chérifi, Djebbar, Ferhat, Hamidou, Kaddouri, Lahlou, Mebarki, Ouali, Rahmani,
Saâdi, Tlemçani, Zerrouki, Aït Oufella, Ben Amor, El Khattabi, Bouabdallah, Ould Ahmed, Guettaf,
Diakité, Coulibaly, Traoré, Sangaré, Konaté, Sissoko, Ndiaye, N'Guessan, M'Bengue, Kouyaté,
Ouédraogo, Tall, Bamba, Fofana, Dembélé, Keïta, Sow, Ba,
Carvalho, Esteves, Figueiredo, Gonçalves, Magalhães, Pinheiro, Quaresma, Rebelo, Teixeira,
Da Cunha, Dos Reis, De Sousa, Azevedo, Valente,
Arroyo, Barrientos, Cifuentes, Echeverría, Iglesias, Mondragón, Olmedo, Quintana, Zamora,
De la Fuente, Del Río, Casals, Puig, Vallverdú, Ybarra,
Bertolucci, Campanella, D'Ambrosio, Esposito, Ferraro, Lo Presti, Mancuso, Pellegrino, Sciacca,
Di Stefano, Trombetta, Zanetti, Cavallaro, Bonfiglio,
Nguyen, Tran, Pham, Hoang, Huynh, Vo, Dang, Bui, Ly, Truong, Lam, Do,
Hovsepian, Kaloustian, Manoukian, Papazian, Sarafian, Terzian, Boyadjian, Der Agopian,
Le Bihan, Le Goff, Kerhervé, Guéguen, Le Floc'h, Quéméner, Tanguy-Morvan, Cloarec, Le Meur,
Audibert, Bourrel, Crouzet, Fenouillet, Lagarrigue, Mazel, Roumégoux, Sabatier, Vaissière,
D'Aboville, de Castelbajac, du Plessis, de La Roque, Le Pennec, L'Hermitte, Saint-Ange,
Morel-Journel, Lefèvre-Utile, Chabert, Gautheron, Bellanger, Dufrêne, Mercadier, Prunier,
Wojcik, Kowalczyk, Schneider, Müller, Öztürk, Yılmaz, Szabó, Hakobyan, Andriamanana, Ramanantsoa
"""


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", " ").split(",") if w.strip()]


FIRST_WOMEN, FIRST_MEN, LAST = _split(WOMEN), _split(MEN), _split(SURNAMES)

# The 31 communes of the Métropole and one postcode each (Montpellier has four).
COMMUNES = {
    "Montpellier": ["34000", "34070", "34080", "34090"], "Baillargues": ["34670"],
    "Beaulieu": ["34160"], "Castelnau-le-Lez": ["34170"], "Castries": ["34160"],
    "Clapiers": ["34830"], "Cournonsec": ["34660"], "Cournonterral": ["34660"],
    "Fabrègues": ["34690"], "Grabels": ["34790"], "Jacou": ["34830"], "Juvignac": ["34990"],
    "Lattes": ["34970"], "Lavérune": ["34880"], "Le Crès": ["34920"], "Montaud": ["34160"],
    "Montferrier-sur-Lez": ["34980"], "Murviel-lès-Montpellier": ["34570"], "Pérols": ["34470"],
    "Pignan": ["34570"], "Prades-le-Lez": ["34730"], "Restinclières": ["34160"],
    "Saint-Brès": ["34670"], "Saint-Drézéry": ["34160"], "Saint-Geniès-des-Mourgues": ["34160"],
    "Saint-Georges-d'Orques": ["34680"], "Saint-Jean-de-Védas": ["34430"], "Saussan": ["34570"],
    "Sussargues": ["34160"], "Vendargues": ["34740"], "Villeneuve-lès-Maguelone": ["34750"],
}
QUARTIERS = ["Centre", "Croix-d'Argent", "Les Cévennes", "Mosson", "Hôpitaux-Facultés",
             "Port Marianne", "Prés d'Arènes", "Beaux-Arts", "Boutonnet", "Figuerolles",
             "Antigone", "Celleneuve", "Estanove", "Aiguelongue", "Pompignane", "Tournezy"]

# Streets with no person in their name, and streets named after people.
VOIES = ["rue des Amandiers", "chemin des Oliviers", "impasse des Cigales", "rue du Pioch",
         "avenue de la Liberté", "chemin de la Draye", "rue des Garrigues", "allée des Micocouliers",
         "rue de l'Aiguillerie", "chemin du Mas de Bonnier", "rue des Écoles laïques",
         "avenue de Palavas", "rue du Faubourg Figuerolles", "place du Marché aux Fleurs",
         "rue de la Valfère", "chemin des Vendanges", "rue du Lavoir", "avenue de Toulouse",
         "route de Ganges", "rue des Tonneliers", "impasse du Puits", "rue des Capucins"]
VOIES_PERSONNE = ["rue Frédéric Bazille", "avenue Jean Jaurès", "boulevard Victor Hugo",
                  "rue Olympe de Gouges", "avenue Pierre Mendès France", "rue Lucie Aubrac",
                  "place Max Rouquette", "rue Joseph Delteil", "avenue Georges Clemenceau",
                  "rue Germaine Tillion", "allée Jules Milhau", "rue Marcellin Albert",
                  "avenue du Professeur Grasset", "rue Camille Claudel", "boulevard Louis Blanc",
                  "rue Henri Guinier", "esplanade Charles de Gaulle", "rue Marie Durand",
                  "avenue Simone Veil", "rue Antoine de Saint-Exupéry", "place Albert Camus"]
ARRETS_TRAM = ["Léon Blum", "Louis Blanc", "Albert 1er", "Georges Pompidou", "Pablo Picasso",
               "Garcia Lorca", "Jules Guesde", "Jean de Beins", "Voltaire", "Rimbaud",
               "Pierre de Coubertin", "Charles de Gaulle", "Georges Frêche - Hôtel de Ville"]
ARRETS = ["Corum", "Comédie", "Rives du Lez", "Moularès", "Antigone", "Place de l'Europe",
          "Occitanie", "Hauts de Massane", "Euromédecine", "Malbosc", "Boutonnet", "Saint-Éloi",
          "Odysseum", "Millénaire", "Sabines", "Mosson", "Saint-Lazare", "Tonnelles"]
EQUIPEMENTS_PERSONNE = ["médiathèque Émile Zola", "médiathèque William Shakespeare",
                        "piscine Suzanne Berlioux", "gymnase Marcel Cerdan",
                        "école Jules Ferry", "collège Clémence Royer", "parc Georges Brassens",
                        "maison pour tous Marie Curie", "stade Yves du Manoir",
                        "maison pour tous Albert Dubout", "jardin Jean Moulin",
                        "lycée Jean Mermoz", "salle Pétrarque", "parc Edith Piaf",
                        "gymnase Alain Colas", "square Juliette Gréco",
                        "halle Gabriel Fauré", "théâtre Jean Vilar"]
EQUIPEMENTS = ["parc de la Lironde", "bois de Montmaur", "jardin des Plantes",
               "piscine olympique d'Antigone", "domaine d'O", "parc du Lunaret",
               "maison pour tous de la Pompignane", "skatepark du Grau",
               "square de la Tour des Pins", "berges du Lez", "parc de Grammont"]
JARDINS_SITES = ["Jardins familiaux Joseph Delteil", "Jardins familiaux Lucie Aubrac",
                 "Jardins familiaux de la Mosson", "Jardins familiaux des Grisettes",
                 "Jardins familiaux Jean Moulin", "Jardins familiaux du Mas Nouguier",
                 "Jardins familiaux de la Lironde", "Jardins familiaux Germaine Tillion"]
# Famous people and what they are known as.
PERSONNALITES = {"Juliette Gréco": "chanteuse", "Georges Brassens": "poète et chanteur",
                 "Gisèle Halimi": "avocate et militante", "Frida Kahlo": "peintre",
                 "Pierre Soulages": "peintre", "Simone Veil": "femme politique",
                 "Olympe de Gouges": "femme de lettres", "Joséphine Baker": "artiste et résistante",
                 "Albert Camus": "écrivain", "Frédéric Bazille": "peintre", "Paul Valéry": "poète",
                 "Boby Lapointe": "chanteur", "Charles Trenet": "chanteur", "Marie Curie": "physicienne",
                 "Jean Jaurès": "homme politique", "Lucie Aubrac": "résistante",
                 "Max Rouquette": "écrivain occitan", "Germaine Tillion": "ethnologue et résistante",
                 "Agnès Varda": "cinéaste", "Camille Claudel": "sculptrice"}

# Invented elected officials (named only in their function).
ELUS = {"Nadia Ferrand-Castel": True, "Olivier Sauvagnac": False, "Hélène Baraillé": True,
        "Karim Lounès": False, "Stéphanie Maurin-Roux": True, "Bruno Costecalde": False,
        "Yamina Bensalem": True, "Thierry Aldebert": False, "Véronique Pujade": True,
        "Antoine Valette": False, "Sandrine Crespy": True, "Mehdi Ouardi": False}  # name: is a woman
FONCTIONS_ELUS = {True: ["adjointe au maire déléguée à la culture", "conseillère municipale déléguée aux jardins",
                         "vice-présidente de la Métropole", "maire de la commune"],
                  False: ["adjoint au maire délégué à l'espace public", "conseiller municipal délégué au commerce",
                          "vice-président de la Métropole", "maire de la commune"]}

# Organisations of every kind; those named after a person are kept apart.
BAILLEURS = ["ACM Habitat", "Hérault Logement", "FDI Habitat", "Promologis", "Erilia",
             "Un Toit pour Tous", "CDC Habitat Occitanie"]
SYNDICS_PERSONNE = ["Cabinet Teissonnière Immobilier", "Syndic Roucayrol & Fils",
                    "Cabinet Jeanjean Gestion", "Agence Lavit Immobilier",
                    "Cabinet Granel-Bosc"]
SYNDICS = ["Citya Montpellier", "Foncia Languedoc", "Nexity Lamy Montpellier",
           "Cabinet Immobilier des Arceaux", "Sergic Sud", "Square Habitat Hérault"]
SCI = ["SCI Les Micocouliers", "SCI du Pic Saint-Loup", "SCI Belvédère", "SCI Mas de la Garrigue",
       "SCI Font Caude", "SCI Les Trois Platanes", "SCI Cardabelle"]
ETABLISSEMENTS = ["EHPAD Les Glycines", "EHPAD Résidence du Lez", "Crèche Les Petits Loups",
                  "Camping municipal Le Floréal", "Gendarmerie de Castries",
                  "Collège Les Garrigues", "Paroisse Sainte-Bernadette"]
COPROS = ["Copropriété Le Clos des Arbousiers", "Copropriété Les Terrasses du Lez",
          "Résidence Le Parc Méditerranée", "Copropriété Les Hauts de Boutonnet",
          "ASL du Domaine de la Jasse"]
ASSOS = ["Association Graines de Quartier", "Collectif Vélocité Grand Montpellier",
         "Association Les Potagers de Celleneuve", "Comité de quartier Beaux-Arts",
         "Association Solidarité Paillade", "Les Amis du Lez", "Association Òc per Totes",
         "Secours populaire de l'Hérault", "Association Croix-d'Argent Jeunesse",
         "Les Ateliers du Vélo Solidaire", "Association des parents d'élèves de Figuerolles",
         "Compagnie théâtrale La Garriga", "Club de pétanque de Lavérune",
         "Paroisse Saint-Roch", "GAEC des Trois Fontaines", "Amicale laïque de Castelnau"]
ASSOS_PERSONNE = ["Association Lucie Aubrac pour la mémoire", "Club sportif Marcel Cerdan",
                  "Amicale des jardiniers Joseph Delteil", "Fondation Frédéric Bazille",
                  "Association Les Amis de Max Rouquette"]
AIDE_DOMICILE = ["ADMR de Lattes", "Présence Verte Services", "SAAD Les Aidants du Lez",
                 "CCAS de Castelnau-le-Lez", "Domicile Services Occitanie",
                 "Aide et Soins à Domicile des Garrigues", "CCAS de Montpellier"]
VETERINAIRES = ["Clinique vétérinaire du Millénaire", "Clinique vétérinaire des Arceaux",
                "Centre hospitalier vétérinaire Languedoc", "Clinique vétérinaire de l'Estanove",
                "Clinique vétérinaire du Pic Saint-Loup"]
VETERINAIRES_PERSONNE = ["SELARL Vétérinaires Castanier et Roques",
                         "Clinique vétérinaire Bertrand-Mazaudier",
                         "SCP vétérinaire Fabreguettes"]
ASSUREURS = ["MAIF", "MACIF Méditerranée", "Groupama Méditerranée", "MMA Montpellier Antigone",
             "Crédit Agricole Assurances", "Matmut", "AXA Agence du Polygone"]
PRESTATAIRES = ["Régie propreté de la Métropole", "Nicollin Environnement", "Paprec Méditerranée",
                "Emmaüs Montpellier", "Ressourcerie Les Compagnons du Lez"]
ENSEIGNES = ["Le Café de la Comédie", "La Brasserie du Corum", "Le Petit Nice", "Café Joseph",
             "Chez Fernand", "La Cantine du Lez", "Le Bistrot d'Ariane", "L'Atelier Gourmand",
             "Le Comptoir des Arceaux", "Pizzeria Da Rocco", "Le Bar Tabac des Halles",
             "Crêperie Ty Breizh", "Salon de thé Chez Mado", "Le Grillon", "Bodega La Pena"]
SOCIETES = ["SARL Le Petit Nice", "SAS Comédie Restauration", "SARL Les Halles Gourmandes",
            "SAS Brasseries du Midi", "SARL La Cantine", "EURL Bistrot des Arceaux",
            "SAS Café Joseph Montpellier", "SARL Grillon Frères"]
EMPLOYEURS = ["CHU de Montpellier", "Université de Montpellier", "Dell Technologies",
              "Montpellier Méditerranée Métropole", "IBM Montpellier", "Crédit Agricole du Languedoc",
              "Ubisoft Montpellier", "Inrae Occitanie-Montpellier"]
SERVICES = ["Direction de la Propreté", "Direction de l'Eau et de l'Assainissement",
            "Service Relation Citoyens", "Direction des Mobilités", "Police municipale",
            "Direction des Parcs et Jardins", "Service de l'Occupation du Domaine Public",
            "CCAS - Pôle Seniors", "Direction de la Voirie"]
FONCTION_MAILS = ["relation.citoyens@montpellier3m.fr", "proprete@montpellier3m.fr",
                  "jardins.familiaux@ville-montpellier.fr", "odp.terrasses@ville-montpellier.fr",
                  "contact@velomagg.fr", "portage.repas@ccas-montpellier.fr",
                  "eau.abonnes@regie-eau-3m.fr", "budget.participatif@ville-montpellier.fr"]
MAIL_DOMAINES = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "yahoo.fr",
                 "sfr.fr", "outlook.fr", "wanadoo.fr", "icloud.com", "protonmail.com", "neuf.fr"]
# fmt: on
