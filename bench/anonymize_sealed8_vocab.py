"""Hand-typed vocabulary of the sealed set #8 (`anonymize_sealed8.py`): fictitious people's name
parts of every origin, and the public things that must survive (communes of Montpellier
Méditerranée Métropole, streets, tram stops, facilities, organisations, famous people, invented
elected officials).

Written for this set only: no list was copied from another corpus.
"""

# fmt: off
FIRST_F = [
    "Amandine", "Aurélie", "Camille", "Chloé", "Clémence", "Élodie", "Émilie", "Inès", "Julie",
    "Laetitia", "Léa", "Lucie", "Manon", "Marion", "Mathilde", "Nadia", "Océane", "Pauline",
    "Sabrina", "Sandrine", "Sophie", "Stéphanie", "Valérie", "Yasmine", "Zoé", "Nathalie",
    "Isabelle", "Christine", "Sylvie", "Catherine", "Martine", "Nicole", "Josiane", "Brigitte",
    "Fatima", "Samira", "Leïla", "Karima", "Nora", "Amina", "Aïcha", "Mariama", "Fatoumata",
    "Awa", "Aminata", "Beatriz", "Carmen", "Lucía", "Pilar", "Giulia", "Francesca", "Chiara",
    "Linh", "Mai", "Mei", "Anahit", "Agnieszka", "Katarzyna", "Nolwenn", "Maïwenn", "Magali",
    "Fanny", "Estelle", "Coralie", "Laure", "Apolline", "Joséphine", "Maëlys", "Lina", "Jade",
    "Ambre", "Solène", "Gaëlle", "Justine", "Noémie", "Margaux", "Hélène", "Véronique",
    "Marie-Claude", "Anne-Sophie", "Marie-Noëlle", "Rose-Marie", "Marie-Thérèse", "Anne-Laure",
    "Marie-José", "Lou-Ann",
]
FIRST_F_RARE = [
    "Bérengère", "Ghislaine", "Eulalie", "Philomène", "Zélie", "Maguelone", "Azalaïs", "Ségolène",
    "Héloïse", "Clotilde", "Ysaline", "Ouardia", "Taous", "Hadjira", "Dieynaba", "Ndeye",
    "Kadiatou", "Conceição", "Graça", "Itziar", "Assunta", "Ornella", "Thi Hoa", "Xuan",
    "Siranouche", "Armine", "Wiesława", "Jadwiga", "Annaïg", "Enora", "Ghjulia", "Maïté",
    "Lorette", "Ketty", "Rosemonde", "Judicaëlle", "Maryse", "Sidonie", "Berthe", "Gwladys",
    "Marie-Aude", "Anne-Gaëlle", "Zoubida",
]
FIRST_M = [
    "Thomas", "Nicolas", "Julien", "Maxime", "Sébastien", "Guillaume", "Romain", "Antoine",
    "Alexandre", "Mathieu", "Olivier", "Laurent", "Christophe", "Philippe", "Pascal", "Thierry",
    "Éric", "Patrick", "Bernard", "Michel", "Gérard", "Alain", "Hugo", "Lucas", "Nathan", "Théo",
    "Enzo", "Mehdi", "Karim", "Yacine", "Sofiane", "Bilal", "Rachid", "Mourad", "Nordine",
    "Moussa", "Mamadou", "Ibrahima", "Ousmane", "Cheikh", "João", "Rui", "Tiago", "Paulo",
    "Javier", "Alejandro", "Jordi", "Giuseppe", "Marco", "Luca", "Minh", "Tuan", "Huy", "Wei",
    "Jun", "Aram", "Tigran", "Piotr", "Tomasz", "Yann", "Erwan", "Gwendal", "Loïc", "Ronan",
    "Bastien", "Cédric", "Damien", "Florian", "Jérôme", "Kévin", "Ludovic", "Matthias", "Noël",
    "Jean-Pierre", "Jean-Luc", "Pierre-Yves", "Jean-Baptiste", "Marc-Antoine", "Paul-Henri",
    "Jean-Marie", "Louis-Philippe",
]
FIRST_M_RARE = [
    "Anatole", "Barthélemy", "Fulcran", "Cyprien", "Eudes", "Aymeric", "Hippolyte", "Séverin",
    "Amédée", "Lisandru", "Ghjuvan", "Dumè", "Tanguy", "Goulven", "Maël", "Kouadio", "Seydou",
    "Demba", "Lamine", "Abdelkrim", "Brahim", "Lahcen", "Aziz", "Duarte", "Vasco", "Iñaki",
    "Gennaro", "Salvatore", "Quang", "Thanh", "Zhen", "Jianhua", "Sarkis", "Vartan", "Garabed",
    "Zbigniew", "Wojciech", "Loïs", "Fritz", "Rudy", "Gaétan", "Hervé-Marie", "Jean-Chrysostome",
    "Abdou-Karim", "Ange-Marie",
]
SURNAMES = [
    "Garnier", "Fournier", "Mercier", "Chevalier", "Lambert", "Bonnet", "Girard", "Rousseau",
    "Faure", "Guérin", "Muller", "Roussel", "Perrin", "Morin", "Gauthier", "Dumont", "Masson",
    "Marchand", "Duval", "Barbier", "Blanchard", "Giraud", "Joly", "Rivière", "Brunet",
    "Gaillard", "Arnaud", "Renard", "Schmitt", "Leroux", "Colin", "Caron", "Picard", "Aubert",
    "Lemoine", "Renaud", "Dumas", "Lacroix", "Bourgeois", "Leclerc", "Rolland", "Lecomte",
    "Dupuy", "Guillot", "Berger", "Carpentier", "Dupuis", "Deschamps", "Huet", "Vasseur",
    "Boucher", "Fleury", "Royer", "Jacquet", "Poirier", "Marty", "Aubry", "Guyot", "Charpentier",
    "Ménard", "Maillard", "Bertin", "Bailly", "Schneider", "Collet", "Bouvier", "Prévost",
    "Millet", "Perrot", "Cousin", "Besson", "Langlois", "Pelletier", "Lévêque", "Perrier",
    "Lebrun", "Marchal", "Weber", "Hamon", "Monnier", "Michaud", "Guichard", "Gillet", "Tessier",
    "Chauvin", "Bouchet", "Lemaître", "Maréchal", "Humbert", "Reynaud", "Cordier", "Pichon",
    "Lejeune", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte",
    "Cabanel", "Fabre", "Sabatier", "Vidal", "Castan", "Cambon", "Bousquet", "Teissier",
    "Granier", "Roustan", "Azéma", "Crouzet", "Puech", "Rouquette", "Valette", "Journet",
    "Benali", "Bouzid", "Haddad", "Mansouri", "Belkacem", "Cherif", "Amrani", "El Idrissi",
    "Meziane", "Hamidi", "Kaci", "Saïdi", "Diallo", "Traoré", "Coulibaly", "Konaté", "Sow",
    "Ndiaye", "Diop", "Fofana", "Camara", "Sissoko", "Keïta", "Touré", "Cissé", "Gueye",
    "Da Costa", "Ferreira", "Pereira", "Rodrigues", "Gonçalves", "Carvalho", "Teixeira",
    "Marques", "Sousa", "Pinto", "Dos Santos", "Almeida", "García", "Martínez", "Sánchez",
    "Romero", "Navarro", "Ruiz", "Ortega", "Castillo", "Moreno", "Alonso", "Rossi", "Bianchi",
    "Esposito", "Ricci", "Colombo", "Marino", "Greco", "Conti", "De Luca", "Giordano",
    "Mancini", "Lombardi", "Nguyen", "Tran", "Pham", "Hoang", "Phan", "Dang", "Huynh", "Wang",
    "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Nowak", "Kowalski", "Lewandowski",
    "Mazur", "Le Bihan", "Le Corre", "Le Meur", "Morvan", "Santoni", "Luciani", "Paoli",
    "Filippi", "Mattei", "Lubin", "Bellance",
]
SURNAMES_RARE = [
    "Salles", "Bénézech", "Causse", "Malzac", "Pradal", "Vialla", "Gleizes", "Sicard", "Maurel",
    "Aït Ouali", "Ben Youssef", "Zerrouki", "Ouahbi", "Bensaïd", "Laaroussi", "Ben Ammar",
    "Tahiri", "Boumediene", "Lounes", "Chergui", "N'Diaye", "M'Bengue", "Kanté", "Ouattara",
    "Kouyaté", "Dembélé", "Sylla", "Ndour", "Fonseca", "Cardoso", "Moreira", "Correia",
    "Azevedo", "Domínguez", "Iglesias", "Herrera", "Muñoz", "Vázquez", "Giménez", "Cabrera",
    "Soler", "Puig", "Vilanova", "Rizzo", "Barbieri", "Ferrara", "Santoro", "Lo Bianco",
    "Di Stefano", "D'Angelo", "Le Van", "Truong", "Duong", "Zheng", "Petrossian", "Hovsepian",
    "Manoukian", "Sarkissian", "Kalaydjian", "Der Haroutiounian", "Karapetian", "Ghazarian",
    "Topalian", "Zieliński", "Szymański", "Woźniak", "Kaczmarek", "Grabowski", "Jabłoński",
    "Dąbrowski", "Wróbel", "Le Floc'h", "Guivarc'h", "Quéméner", "Le Pennec", "Kerhervé",
    "Caradec", "Le Hir", "Bartoli", "Pietri", "Orsini", "Cesari", "Antonetti", "Susini",
    "Marie-Sainte", "Sainte-Rose", "Zébina", "Thélamon", "Lafortune", "Cétout", "Chérubin",
    "Ursulet", "Nainsouta", "Erichot", "de Villeneuve", "du Pontavice", "de La Roque",
    "d'Albenas", "de Lestrade", "des Hours", "van der Berghe", "Garcia-Lopez", "Roux-Fabre",
    "Bernard-Sabatier", "Diallo-Sow", "Martin-Castan", "Lefèvre-Ouattara",
]

# the 31 communes of Montpellier Méditerranée Métropole and a postcode of each
COMMUNES = [
    ("Baillargues", "34670"), ("Beaulieu", "34160"), ("Castelnau-le-Lez", "34170"),
    ("Castries", "34160"), ("Clapiers", "34830"), ("Cournonsec", "34660"),
    ("Cournonterral", "34660"), ("Fabrègues", "34690"), ("Grabels", "34790"), ("Jacou", "34830"),
    ("Juvignac", "34990"), ("Lattes", "34970"), ("Lavérune", "34880"), ("Le Crès", "34920"),
    ("Montaud", "34160"), ("Montferrier-sur-Lez", "34980"), ("Montpellier", "34000"),
    ("Murviel-lès-Montpellier", "34570"), ("Pérols", "34470"), ("Pignan", "34570"),
    ("Prades-le-Lez", "34730"), ("Restinclières", "34160"), ("Saint-Brès", "34670"),
    ("Saint-Drézéry", "34160"), ("Saint-Geniès-des-Mourgues", "34160"),
    ("Saint-Georges-d'Orques", "34680"), ("Saint-Jean-de-Védas", "34430"), ("Saussan", "34570"),
    ("Sussargues", "34160"), ("Vendargues", "34740"), ("Villeneuve-lès-Maguelone", "34750"),
]
MONTPELLIER_POSTCODES = ["34000", "34070", "34080", "34090"]
QUARTIERS = [
    "Figuerolles", "Beaux-Arts", "Près d'Arènes", "Mosson", "Celleneuve", "Boutonnet",
    "Antigone", "Port Marianne", "Cévennes", "Croix d'Argent", "Hôpitaux-Facultés", "Aiguelongue",
    "Pompignane", "Lemasson", "Estanove", "Gambetta", "Écusson", "Richter",
]

# streets that name nobody (home addresses, reports)
STREETS = [
    "rue des Micocouliers", "impasse des Arbousiers", "chemin de la Lironde", "allée des Cigales",
    "avenue de la Liberté", "rue de l'Aiguillerie", "impasse des Garrigues", "rue des Chênes Verts",
    "chemin du Mas de Rochet", "rue du Pioch", "avenue de Toulouse", "rue des Amandiers",
    "chemin des Oliviers", "rue de la Garrigue", "allée des Lauriers-Roses", "rue du Puits",
    "traverse des Tamaris", "rue des Écoles", "route de Mende", "avenue de Lodève",
    "rue du Faubourg Figuerolles", "chemin des Sept Fonts", "rue des Grenadiers", "rue de la Cavalerie",
    "impasse du Lavoir", "avenue du Pic Saint-Loup", "rue de la Source", "rue des Genêts",
]
RESIDENCES = ["résidence Les Asphodèles", "résidence Le Clos des Pins", "résidence Les Hauts de Lez",
              "résidence Le Patio d'Oc", "résidence Les Terrasses du Verdanson"]
# streets, facilities and tram stops named after people (decoys: kept)
PERSON_STREETS = [
    "rue Frédéric Bazille", "avenue du Professeur Grasset", "rue Auguste Comte",
    "rue Alfred Bruyas", "avenue Pierre Mendès France", "avenue Albert Dubout", "place Max Rouquette",
    "rue Germaine Tillion", "allée Simone Veil", "rue Olympe de Gouges", "avenue Nina Simone",
    "rue Joséphine Baker", "place Aimé Césaire", "rue Toussaint Louverture",
    "avenue François Mitterrand", "boulevard Louis Blanc", "rue Lakanal", "boulevard Pasteur",
    "avenue Henri Marès", "rue Marcellin Albert", "avenue Georges Clemenceau", "place Jean Bausset",
    "rue Émile Zola", "quai Louis le Vau", "rue Pitot",
]
TRAM_STOPS = [
    "Léon Blum", "Voltaire", "Pablo Picasso", "Albert 1er - Cathédrale", "Saint-Denis",
    "Nouveau Saint-Roch", "Rondelet", "Corum", "Comédie", "Port Marianne", "Odysseum", "Mosson",
    "Occitanie", "Euromédecine", "Hauts de Massane", "Les Aubes", "Place de l'Europe",
    "Rives du Lez", "Moularès", "Place Carnot", "Sabines", "Garcia Lorca", "Georges Pompidou",
    "Notre-Dame de Sablassou", "Gare Saint-Roch", "Boutonnet", "Saint-Éloi", "Stade Philippidès",
]
POOLS = ["piscine Jean Taris", "piscine Suzanne Berlioux", "piscine Alfred Nakache",
         "piscine Marcel Spilliaert", "piscine Christine Caron", "piscine Héraclès",
         "piscine Neptune", "piscine Amphitrite"]
LIBRARIES = ["médiathèque Émile Zola", "médiathèque Federico Fellini", "médiathèque Françoise Giroud",
             "médiathèque William Shakespeare", "médiathèque Victor Hugo", "médiathèque Jean-Jacques Rousseau",
             "médiathèque Garcia Lorca", "ludothèque Saint-Exupéry"]
SCHOOLS = ["école Paul Bert", "école Louise Michel", "école Condorcet", "école Marie Curie",
           "groupe scolaire Olympe de Gouges", "école Pape-Carpantier", "école Jean Zay",
           "école Frida Kahlo", "école Joseph Delteil", "école Charles Dickens", "école Kurt Weill",
           "école Jules Simon", "école maternelle Marie Marvingt", "école Voltaire"]
CRECHES = ["crèche Madeleine Brès", "crèche Françoise Dolto", "crèche Maria Montessori",
           "multi-accueil Louise Weiss", "crèche Jean Rostand", "crèche Lucie Aubrac",
           "halte-garderie Colette", "crèche Gaston Defferre"]
HALLS = ["maison pour tous Léo Lagrange", "maison pour tous George Sand", "maison pour tous Albert Camus",
         "maison pour tous Frédéric Chopin", "maison pour tous Joseph Ricôme", "salle Pétrarque",
         "salle Rabelais", "théâtre Jean Vilar", "gymnase Marie Marvingt", "palais des sports René Bougnol",
         "stade Yves du Manoir", "salle Guillaume de Nogaret"]
FACILITIES_PLAIN = ["piscine olympique d'Antigone", "médiathèque centrale", "maison de la justice et du droit",
                    "halle Tropisme", "parc de Lunaret", "jardin des plantes", "domaine de Grammont",
                    "Zénith Sud", "gymnase des Garrigues", "salle des rencontres de l'hôtel de ville",
                    "centre nautique de Pérols", "maison de quartier des Aubes"]

# famous people named as such (a mural, a talk, a statue…)
FAMOUS = ["Frédéric Bazille", "François Rabelais", "Auguste Comte", "Paul Valéry",
          "Germaine Tillion", "Joséphine Baker", "Albert Camus", "Juliette Gréco", "Georges Brassens",
          "Jean Jaurès", "Pierre Soulages", "Nina Simone", "Louis Pasteur", "Marie Curie",
          "George Sand", "Victor Hugo", "Simone de Beauvoir", "Aimé Césaire", "Olympe de Gouges",
          "Molière"]
# invented elected officials (public when acting as such) and their delegation
ELUS = [("Séverine Aubanel", "adjointe au maire déléguée à la petite enfance"),
        ("Karim Bensalah-Roux", "adjoint délégué à la tranquillité publique"),
        ("Pascale Tourrette", "vice-présidente de la Métropole déléguée aux mobilités"),
        ("Denis Arnal-Pujol", "maire"),
        ("Yamina Cherkaoui", "adjointe déléguée à la commande publique"),
        ("Gilles Tarrou", "conseiller municipal délégué aux sports"),
        ("Nadège Coustou", "conseillère municipale déléguée à la vie associative"),
        ("Francis Estève", "vice-président délégué à l'eau"),
        ("Malika Boudjema", "adjointe déléguée à l'éducation"),
        ("Olivier Sérane", "adjoint délégué à l'état civil"),
        ("Coralie Vidalou", "vice-présidente déléguée aux finances"),
        ("Bruno Layrolle", "conseiller délégué à la voirie"),
        ("Estelle Campredon", "adjointe déléguée à la culture"),
        ("Raphaël Cazorla-Mas", "premier adjoint")]

# organisations: plain ones and ones named after a person (both kept)
ASSOCIATIONS = ["Association Bien Vivre à Figuerolles", "Secours populaire français - comité de Montpellier",
                "Croix-Rouge française - unité locale Montpellier", "Restos du Cœur de l'Hérault",
                "ASPTT Montpellier Natation", "Amicale laïque de Castelnau", "Compost'Cité 34",
                "Les Jardins partagés du Lez", "Club de plongée Les Mérous de Palavas",
                "Comité de quartier Celleneuve", "Lire et Faire Lire Hérault", "Montpellier Water-Polo Club",
                "Association des parents d'élèves du groupe scolaire", "Cercle occitan de Lattes"]
ORGS_PERSON = ["Association Les Amis de Frédéric Bazille", "Fondation Pierre Fabre",
               "Pompes funèbres Gilbert Delmas et Fils", "Taxis Bernard Sabatier SARL",
               "Boulangerie Maison Castan", "Transports Puech et Fils", "Cabinet Roucayrol Immobilier",
               "Institut Marie-Louise Azaïs", "Clinique Saint-Jean", "Collège privé Jeanne d'Arc",
               "Garage Renaud Frères", "Ambulances Saint-Roch"]
COMPANIES = ["SAS Allo Taxi Lez", "SARL Taxis Montpelliérains", "SCIC Écotaxi Occitanie",
             "SAS Transports Garrigue Mobilité", "SARL Voirie Sud Travaux", "SAS Graff'Net Méditerranée",
             "SA Occitanie Restauration Collective", "SARL Jardins et Paysages du Lez",
             "SAS Signalisation Languedoc", "Eiffage Route Méditerranée", "SARL Nettoyage Pro Hérault",
             "SAS Informatique des Collectivités", "Société d'économie mixte Montpellier Événements",
             "SAS Lumière Urbaine 34", "SARL Cantine Bio du Pic"]
UNDERTAKERS = ["Pompes funèbres du Languedoc", "PF Méditerranée Obsèques",
               "Maison funéraire de la Croix d'Argent", "Pompes funèbres intercommunales de Lattes",
               "Funérarium de Grammont"]
SYNDICS = ["Syndic Lez Gestion", "Cabinet Oustal Syndic", "ACM Habitat - agence Mosson",
           "Hérault Logement - agence Croix d'Argent", "Syndic Clémenceau Immobilier"]
PARISHES_EHPAD = ["Paroisse Sainte-Bernadette", "Paroisse Saint-Roch", "EHPAD Les Glycines",
                  "EHPAD La Martelle", "GAEC du Mas de Piquet", "Crèche associative Les Petits Lézards",
                  "Centre communal d'action sociale de Montpellier", "Maison des adolescents de l'Hérault"]
# fmt: on
