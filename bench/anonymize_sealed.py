"""SEALED French personal-data evaluation set for `opendata-pipeline anonymize`.

Sealed: whoever writes or tunes the anonymizer's detectors must not read this file nor its
output; the lead runs it once, at the end, to measure the anonymizer on tables nobody tuned
against. It was written without reading the anonymizer, its tests, its benches or the public
corpus's vocabulary and data: only `../shared/eval/pii/README.md` and `score.py` (the key and
scoring contract) were read, so the public scorer applies unchanged.

Ten Montpellier Méditerranée Métropole tables drawn from hand-typed vocabularies (school
canteen, housing applications, complaints register, funeral notices, elected officials'
declarations, market-stall permits in Parquet, volunteers, citizen survey with `k`, a clean
facilities file, direct-debit mandates), in four encodings, four delimiters, LF and CRLF.
Writes `data/`, `keys/`, `policies/` and `manifest.json` under `--out` in the public corpus's
format, checks every key record against the bytes written (and that a perfect anonymizer would
score 1.0 on it), and copies the public `score.py` beside them:

    .venv/bin/python bench/anonymize_sealed.py --out /tmp/sealed [--seed N]
    python3 /tmp/sealed/score.py --cli .venv/bin/opendata-pipeline
    # or generate and score in one go (arguments after -- go to score.py):
    .venv/bin/python bench/anonymize_sealed.py --out /tmp/sealed --score \\
        --cli .venv/bin/opendata-pipeline -- --jobs 2

Standard library, plus pyarrow for the Parquet case. The draw is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 16021975
SCORER = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "pii" / "score.py"

# ------------------------------------------------------------------ vocabulary (hand-typed)
# fmt: off
FIRST_F = """Marie Nathalie Isabelle Sylvie Catherine Christine Sandrine Valérie Véronique Céline
Stéphanie Sophie Aurélie Julie Camille Laura Manon Chloé Emma Léa Inès Jade Louise Alice Lina Zoé
Lucie Clara Sarah Juliette Pauline Élodie Émilie Caroline Audrey Mélanie Laetitia Karine Virginie
Hélène Monique Françoise Jacqueline Josiane Danielle Martine Brigitte Michèle Christiane Odette
Simone Yvette Ginette Colette Paulette Marguerite Jeanne Germaine Suzanne Madeleine Nicole Chantal
Patricia Corinne Agnès Anaïs Margaux Océane Mathilde Charlotte Justine Morgane Amandine
Anne-Sophie Marie-Thérèse Marie-Claude Marie-Hélène Anne-Laure Mireille Magali Estelle Nadia
Samira Fatima Khadija Yasmina Leïla Farida Malika Karima Naïma Soraya Amel Meriem Sabrina Nawel
Hanane Salima Djamila Zohra Aïcha Imane Sofia Yasmine Aminata Fatoumata Mariama Awa Kadiatou
Aïssatou Maria Carmen Dolores Pilar Fernanda Giulia Francesca Chiara Ioana Elena Irina Olga
Natalia Svetlana Ayşe Zeynep Elif Linh Nolwenn Gwenaëlle Maëlle Margot Ambre Léna Mila Nina Éva
Romane Anna Héloïse Noémie Laurence Sonia Myriam Rachida Jocelyne Régine Marie-Lou""".split()  # noqa: SIM905
FIRST_M = """Jean Michel Philippe Alain Patrick Nicolas Christophe Laurent Stéphane Frédéric Olivier
Éric Thierry David Sébastien Julien Guillaume Thomas Alexandre Maxime Antoine Romain Hugo Lucas
Gabriel Arthur Jules Raphaël Léo Nathan Enzo Théo Mathis Noah Adam Paul Baptiste Clément Quentin
Florian Kevin Jérémy Anthony Bernard Gérard Daniel Jacques Claude René Roger André Marcel Robert
Henri Georges Lucien Raymond Gilbert Serge Yves Bruno Didier Pascal Franck Jean-Pierre Jean-Claude
Jean-Luc Jean-Marc Jean-Michel Jean-François Jean-Baptiste Pierre-Yves Mohamed Ahmed Karim Rachid
Mourad Djamel Mehdi Yacine Sofiane Bilal Amine Yanis Ilyes Nabil Samir Hakim Abdelkader Mustapha
Saïd Youssef Hicham Khalid Farid Moussa Mamadou Ousmane Abdoulaye Ibrahima Boubacar José Manuel
Antonio Francisco Carlos Miguel João Paulo Rui Giuseppe Salvatore Marco Luca Andrei Mihai Dmitri
Mehmet Mustafa Emre Murat Minh Thanh Wei Erwan Yann Gaël Loïc Ronan Guilhem Timéo Sacha Eliott
Ethan Axel Valentin Benjamin Damien Fabrice Cédric Ludovic Hervé Gilles Francis Jean-Louis
Marius""".split()  # noqa: SIM905
# deliberately rare first names (old, regional or from every origin)
RARE_F = """Ysaline Philomène Cunégonde Sixtine Bérénice Eulalie Apolline Tiphaine Ombeline Albane
Perrine Huguette Solange Berthe Léontine Clotilde Maïwenn Enora Rozenn Azilis Bleuenn Katell Garance
Anouchka Ludmila Małgorzata Agnieszka Wiesława Jadwiga Dorota Bogumiła Zdenka Snežana Jasmina
Dragana Mirela Florentina Ileana Ruxandra Oksana Halyna Ulyana Anahide Araksi Siranouche Nairi
Taline Gülşen Hatice Şule Dilek Nesrine Ouarda Fadéla Chérifa Zineb Hayat Habiba Dounia Rokia
Ramatoulaye Coumba Ndèye Astou Adjoa Akosua Efua Nkechi Chiamaka Ifeoma Huong Thuy Ngoc Phuong
Xiaoling Meihua Yuki Haruka Begoña Itziar Arantxa Montserrat Rocío Inmaculada Assunta Concetta
Graziella Filomena Ioanna Despina Eirini Solveig Sigrid Gwenola Domitille Anastasie Mélisande
Oriane Aldegonde Radegonde Scholastique Fulvia Lucrèce Zélie Aglaé Ermengarde""".split()  # noqa: SIM905
RARE_M = """Enguerrand Gonzague Anatole Clotaire Théodric Aubin Eudes Tancrède Wandrille Lazare
Ambroise Barnabé Célestin Fulbert Hilaire Honoré Isidore Séraphin Zéphirin Anselme Gontran Tanguy
Tugdual Gwenaël Brieuc Goulven Iñaki Peio Xabier Ander Unai Beñat Jordi Oriol Wojciech Przemysław
Grzegorz Krzysztof Zbigniew Bogdan Radu Dragoș Vasile Costel Stanislav Vitali Yaroslav Haroutioun
Garabed Vartan Hagop Levon Hüseyin Ömer Oğuz Tayfun Abdelhafid Bouziane Lakhdar Messaoud Slimane
Tahar Lahcen Brahim M'hamed Seydou Modibo Lassana Kwame Kofi Chukwuemeka Obinna Olufemi Baptistin
Nhat Quang Tuan Hiroshi Kenji Arnau Tiago Duarte Gonçalo Joaquim Amadeu Gennaro Rocco Calogero
Efisio Ilias Stavros Spyros Leif Sven Torsten Ciaran Declan Padraig Félicien Gatien Hippolyte
Norbert Évariste Aristide Firmin Médéric Léandre Sulpice""".split()  # noqa: SIM905

SURNAMES = """Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|Simon|Michel|
Lefebvre|Leroy|Roux|David|Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|
Vincent|Muller|Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|François|Legrand|
Gauthier|Perrin|Robin|Clément|Morin|Henry|Roussel|Mathieu|Masson|Marchand|Duval|Denis|Dumont|
Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|Giraud|Joly|Rivière|Brunet|Gaillard|Barbier|
Arnaud|Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|Vidal|Caron|Picard|Fabre|Aubert|Lemoine|
Renaud|Dumas|Lacroix|Olivier|Bourgeois|Benoît|Rey|Leclerc|Payet|Rolland|Lecomte|Dupuy|Guillot|
Hubert|Berger|Carpentier|Dupuis|Deschamps|Huet|Vasseur|Boucher|Fleury|Royer|Klein|Jacquet|Paris|
Poirier|Marty|Aubry|Guyot|Carré|Renault|Charpentier|Ménard|Maillard|Baron|Bertin|Bailly|Collet|
Léger|Bouvier|Prévost|Millet|Perrot|Cousin|Germain|Breton|Besson|Langlois|Rémy|Pelletier|Lévêque|
Perrier|Leblanc|Barré|Lebrun|Marchal|Weber|Mallet|Hamon|Boulanger|Monnier|Michaud|Guichard|
Gillet|Étienne|Grondin|Poulain|Tessier|Chauvin|Bouchet|Lemaître|Bénard|Maréchal|Humbert|Reynaud|
Hoarau|Perret|Barthélemy|Cordier|Pichon|Lejeune|Lamy|Delaunay|Pasquier|Carlier|Laporte|
Castan|Pujol|Roques|Cabanel|Bouissou|Teissier|Causse|Sabatier|Combes|Granier|Vézian|Maurel|Fages|
Bousquet|Azaïs|Rouquette|Salles|Cabrol|Calvet|Canet|Caizergues|Pagès|Rigal|Delmas|Valette|
Bonnafous|Cazalis|Jalabert|Vernhes|Crouzet|Pradal|Bardou|Sarda|Nougaret|Astruc|Reboul|Peyrottes|
Bénézech|Molinier|Soulier|Espitalier|Gleizes|Laurens|Peyre|Camman|Poujol|Estève|Tournier|Chauvet|
Cros|Dhombres|Fraisse|Roucayrol|Galtier|Cambon|Vaissière|Thérond|Balsan|Boissier|Carrière|
de Lauzières|de Cabrières|d'Arbaud|d'Aigrefeuille|de la Panouse|du Lac|des Hours|de Lestang|
du Roure|de Grasset|d'Espinay|de Bonnafos|de Vergnette|de Roquefeuil|de Ginestous|du Bousquet|
Fabre-Nègre|Martin-Cabanel|Lopez-Vidal|Dubois-Castan|Benali-Roux|Ferrand-Pujol|Le Bris-Moreau|
Garcia-Marty|Bousquet-Mélou|Delmas-Arnaud|Santos-Ferreira|Chabert-Aït Ali|Roux-Teissier|
N'Guessan|N'Goran|N'Zi|M'Bemba|M'Bala|M'Hamdi|D'Angelo|D'Amico|D'Ortoli|Dell'Aquila|L'Hostis|
L'Helgouac'h|O'Brien|O'Sullivan|Guivarc'h|Benali|Benhamou|Benmoussa|Bouzid|Hamdi|Haddad|Khelifi|
Mansouri|Belkacem|Boudjema|Chérif|Djebbar|Ferhat|Guendouz|Hadjadj|Kaci|Lounis|Meziane|Ouali|
Rahmani|Saïdi|Slimani|Taleb|Yahiaoui|Zitouni|Ben Salah|Ben Youssef|Ben Amor|Ait Ouarab|Aït Mansour|
Ait Kaci|El Idrissi|El Amrani|El Ouardi|Abou Daher|Al Khatib|Ould Ahmed|Benhaddou|Bensalem|
Diallo|Traoré|Koné|Coulibaly|Camara|Keïta|Sissoko|Konaté|Touré|Cissé|Sow|Ba|Fall|Diop|Sarr|
Kouassi|Kouamé|Mensah|Okafor|Adeyemi|Mbemba|Garcia|Martinez|Lopez|Sanchez|Fernandez|Rodriguez|
Perez|Gonzalez|Gomez|Ruiz|Hernandez|Jimenez|Moreno|Navarro|Torres|Romero|Alonso|Gutiérrez|Blasco|
Serrano|Soler|Puig|Ferrer|Vila|Roca|da Silva|dos Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|
Gonçalves|Carvalho|Almeida|Sousa|Pinto|Teixeira|Fonseca|Machado|Rossi|Russo|Ferrari|Esposito|
Bianchi|Romano|Colombo|Ricci|Marino|Greco|Gallo|Conti|De Luca|Giordano|Mancini|Rizzo|Lombardi|
Moretti|Barbieri|Santoro|Mariani|Rinaldi|Caruso|Ferrara|Galli|Leone|Longo|Gentile|Di Stefano|
Lo Presti|La Rocca|Dell'Acqua|Kowalski|Nowak|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński|
Szymański|Dąbrowski|Popescu|Ionescu|Dumitru|Munteanu|Petrov|Ivanov|Kuznetsov|Shevchenko|
Kovalenko|Bondarenko|Horváth|Novák|Dvořák|Kovačević|Jovanović|Petrović|Yılmaz|Kaya|Demir|Şahin|
Çelik|Yıldız|Öztürk|Aydın|Arslan|Doğan|Kılıç|Nguyen|Tran|Pham|Hoang|Phan|Dang|Bui|Ngo|Duong|Ly|
Wang|Zhang|Liu|Chen|Yang|Huang|Zhao|Zhou|Lin|Kim|Park|Tanaka|Suzuki|Le Gall|Le Bihan|Le Goff|
Le Roux|Le Floch|Le Cam|Kerbrat|Le Guen|Quéré|Le Meur|Etcheverry|Iribarne|Larralde|Elissalde|
Haritschelhar|Van der Berghe|De Smet|Vanderbeken|Van Acker|Von Arx|Hoffmann|Zimmermann|Becker|
Karapetian|Hakobyan|Der Sarkissian|Manoukian|Gasparian|Papadopoulos|Nikolaidis|Andersen|Lindqvist""".replace("\n", "").split("|")

# the 31 communes of the Métropole + other Hérault communes: (name, postcode, INSEE code)
COMMUNES_3M = [
    ("Montpellier", "34000", "34172"), ("Baillargues", "34670", "34022"), ("Beaulieu", "34160", "34027"),
    ("Castelnau-le-Lez", "34170", "34057"), ("Castries", "34160", "34058"), ("Clapiers", "34830", "34077"),
    ("Cournonsec", "34660", "34087"), ("Cournonterral", "34660", "34088"), ("Fabrègues", "34690", "34095"),
    ("Grabels", "34790", "34116"), ("Jacou", "34830", "34120"), ("Juvignac", "34990", "34123"),
    ("Lattes", "34970", "34129"), ("Lavérune", "34880", "34134"), ("Le Crès", "34920", "34090"),
    ("Montaud", "34160", "34163"), ("Montferrier-sur-Lez", "34980", "34169"),
    ("Murviel-lès-Montpellier", "34570", "34179"), ("Pérols", "34470", "34198"), ("Pignan", "34570", "34202"),
    ("Prades-le-Lez", "34730", "34217"), ("Restinclières", "34160", "34227"), ("Saint-Brès", "34670", "34244"),
    ("Saint-Drézéry", "34160", "34249"), ("Saint-Geniès-des-Mourgues", "34160", "34256"),
    ("Saint-Georges-d'Orques", "34680", "34259"), ("Saint-Jean-de-Védas", "34430", "34270"),
    ("Saussan", "34570", "34295"), ("Sussargues", "34160", "34307"), ("Vendargues", "34740", "34327"),
    ("Villeneuve-lès-Maguelone", "34750", "34337"),
]
COMMUNES_34 = [
    ("Sète", "34200", "34301"), ("Béziers", "34500", "34032"), ("Lunel", "34400", "34145"),
    ("Agde", "34300", "34003"), ("Frontignan", "34110", "34108"), ("Mauguio", "34130", "34154"),
    ("Pézenas", "34120", "34199"), ("Clermont-l'Hérault", "34800", "34079"), ("Lodève", "34700", "34142"),
    ("Ganges", "34190", "34111"), ("Saint-Gély-du-Fesc", "34980", "34255"),
    ("Palavas-les-Flots", "34250", "34192"), ("Mèze", "34140", "34157"), ("Gignac", "34150", "34114"),
    ("Saint-Mathieu-de-Tréviers", "34270", "34276"), ("Teyran", "34820", "34309"),
    ("Bédarieux", "34600", "34028"), ("Marsillargues", "34590", "34151"),
    ("Saint-Clément-de-Rivière", "34980", "34247"), ("Lansargues", "34130", "34127"),
]
MTP_POSTCODES = ["34000", "34070", "34080", "34090"]
QUARTIERS = ["Écusson", "Figuerolles", "Beaux-Arts", "Boutonnet", "Les Arceaux", "Antigone",
             "Port Marianne", "Hôpitaux-Facultés", "La Mosson", "Celleneuve", "Croix d'Argent",
             "Près d'Arènes", "Les Cévennes", "Aiguelongue", "La Pompignane", "Les Aubes",
             "Lemasson", "Malbosc", "Ovalie", "Richter", "Estanove", "Alco"]

# streets of Montpellier and of the Métropole named after persons (public places, decoys)
VOIES_PERSONNES = [
    "avenue Georges Clemenceau", "boulevard Louis Blanc", "rue Frédéric Bazille", "cours Gambetta",
    "avenue Pierre Mendès France", "rue Marcel de Serres", "boulevard Victor Hugo", "rue Foch",
    "esplanade Charles-de-Gaulle", "avenue Jean Mermoz", "place Jean Jaurès", "boulevard Henri IV",
    "rue Ernest Michel", "avenue du Professeur Grasset", "avenue Émile Diacon", "allée Jules Milhau",
    "avenue Raymond Dugrand", "avenue Nina Simone", "rue Lakanal", "rue Proudhon", "avenue Henri Marès",
    "rue Paul Rimbaud", "boulevard Rabelais", "avenue Albert Einstein", "rue Boussairolles",
    "rue Auguste Comte", "place Albert 1er", "rue Germain", "avenue Jacques Cartier",
    "boulevard Pasteur", "rue Alfred Bruyas", "avenue Georges Frêche", "rue Marie Durand",
    "place Max Rouquette", "avenue Paul Parguel", "rue de la Croix de Lavit", "avenue Saint-Maur",
    "rue Claude Chappe", "avenue Léon Blum", "rue Jean-Jacques Rousseau", "allée Simone Veil",
    "rue Gisèle Halimi", "avenue du Docteur Pezet", "rue Ferdinand Fabre", "avenue Louis Ravas",
]
VOIES = [
    "rue de la Loge", "rue de l'Aiguillerie", "avenue de Toulouse", "avenue de Lodève",
    "rue du Faubourg Figuerolles", "boulevard du Jeu de Paume", "place de la Comédie",
    "rue de Verdun", "rue Maguelone", "avenue de la Liberté", "route de Mende", "avenue de Palavas",
    "rue des Étuves", "rue de l'Argenterie", "rue de l'Université", "avenue de la Pompignane",
    "rue du Pioch de Boutonnet", "route de Ganges", "avenue d'Assas", "rue de la Cavalade",
    "avenue de l'Europe", "place du Nombre d'Or", "boulevard d'Antigone", "route de Lavérune",
    "avenue de la Mer", "chemin de Moularès", "rue du Mas de Bagnères", "avenue des Moulins",
]
# residential streets for home addresses (planted)
RES_STREETS = [
    "rue des Micocouliers", "impasse des Cigales", "chemin de la Draye", "allée des Tamaris",
    "rue des Arbousiers", "avenue des Platanes", "rue du Pic Saint-Loup", "chemin des Garrigues",
    "rue de la Carriérasse", "impasse du Mas Neuf", "rue des Amandiers", "allée des Pins d'Alep",
    "rue de l'Olivette", "rue des Genêts", "chemin du Mas de Rochet", "rue de la Poste",
    "Grand'Rue", "rue du Four", "rue de la Fontaine", "place de l'Église", "rue des Lavandes",
    "impasse des Grenadiers", "allée des Chênes Verts", "rue des Capitelles", "chemin des Vignes",
    "rue du Lantissargues", "avenue de la Gare", "rue des Romarins", "impasse des Asphodèles",
    "rue des Cistes", "chemin de la Lironde", "rue du Grand Puits", "traverse des Écoles",
    "rue Frédéric Mistral", "rue Jean Moulin", "avenue du Général Leclerc", "rue Pierre Curie",
    "allée Antoine de Saint-Exupéry", "rue Jules Ferry", "impasse Paul Cézanne", "rue Alphonse Daudet",
    "rue Albert Camus", "avenue Jean Jaurès", "rue Marcel Pagnol", "rue Louis Pasteur",
]
RESIDENCES = ["Les Jardins d'Ulysse", "Le Clos des Oliviers", "Les Terrasses du Lez", "Le Parc Rimbaud",
              "Les Hauts de Jacou", "Le Domaine de Verchant", "Les Allées de l'Étang", "Le Patio Occitan",
              "Les Tilleuls", "Les Cyprès", "Le Carré d'Or", "Les Balcons de la Mosson"]

# tram stops of the TaM network (several named after persons)
TRAM = ["Mosson", "Stade de la Mosson", "Halles de la Paillade", "Saint-Paul", "Hauts de Massane",
        "Euromédecine", "Malbosc", "Château d'Ô", "Occitanie", "Hôpital Lapeyronie", "Saint-Éloi",
        "Boutonnet", "Stade Philippidès", "Albert 1er – Cathédrale", "Louis Blanc", "Corum",
        "Comédie", "Gare Saint-Roch", "Du Guesclin", "Antigone", "Léon Blum", "Place de l'Europe",
        "Rives du Lez", "Moularès – Hôtel de Ville", "Port Marianne", "Millénaire", "Odysseum",
        "Georges Pompidou", "Via Domitia", "Notre-Dame de Sablassou", "Aube Rouge", "La Galine",
        "Charles de Gaulle", "Clairval", "La Pompignane", "Les Aubes", "Beaux-Arts", "Rondelet",
        "Nouveau Saint-Roch", "Saint-Cléophas", "Mas Drevon", "Lemasson", "Croix d'Argent",
        "Garcia Lorca", "Celleneuve", "Pilory", "Hôtel du Département", "Plan Cabanes", "Saint-Denis",
        "Observatoire", "Place Carnot", "Voltaire", "Pablo Picasso", "Boirargues", "Écopôle",
        "Pérols Centre", "Lattes Centre", "Peyrou – Arc de Triomphe", "Saint-Guilhem – Courreau",
        "Sabines", "Jules Guesde", "Saint-Martin", "Restanque"]
EQUIP_PERSONNES = [
    "Médiathèque Émile Zola", "Médiathèque Federico Fellini", "Médiathèque William Shakespeare",
    "Médiathèque Jean-Jacques Rousseau", "Médiathèque Victor Hugo", "Médiathèque Françoise Giroud",
    "Piscine Jean Taris", "Piscine Suzanne Berlioux", "Piscine Alfred Nakache", "Piscine Marcel Spilliaert",
    "Stade Yves du Manoir", "Palais des sports René Bougnol", "Gymnase Jean Bouin", "Gymnase Pierre de Coubertin",
    "École élémentaire Jules Ferry", "École maternelle Marie Curie", "École élémentaire Louis Pasteur",
    "Groupe scolaire Simone Veil", "École élémentaire Jean Jaurès", "École maternelle Olympe de Gouges",
    "École primaire Condorcet", "École maternelle Louise Michel", "Groupe scolaire Frédéric Chopin",
    "École élémentaire Voltaire", "Collège Clemenceau", "Lycée Joffre", "Lycée Jules Guesde",
    "Maison pour tous Léo Lagrange", "Maison pour tous Albert Dubout", "Maison pour tous George Sand",
    "Maison pour tous Frédéric Chopin", "Maison pour tous Joseph Ricôme", "Maison pour tous Albertine Sarrazin",
    "Maison pour tous Louis Feuillade", "Maison pour tous Paul-Émile Victor", "Maison pour tous Mélina Mercouri",
    "Maison pour tous Boris Vian", "Maison pour tous François Villon", "Musée Fabre", "Théâtre Jean Vilar",
    "Opéra Berlioz", "Salle Pagézy", "Espace Martin Luther King", "Hôpital Gui de Chauliac",
    "Hôpital Arnaud de Villeneuve", "Centre Rabelais", "Halles Laissac", "Halle Auguste Renoir",
]
EQUIPEMENTS = [
    "Piscine Olympique d'Antigone", "Patinoire Végapolis", "Zénith Sud", "Médiathèque centrale",
    "Parc zoologique de Lunaret", "Jardin des plantes", "Domaine d'O", "Stade de la Mosson",
    "Halles Castellane", "Cinéma Diagonal", "Opéra Comédie", "Le Corum", "Hôtel de Ville",
    "Pavillon populaire", "Maison de l'environnement", "Parc Montcalm", "Planétarium Galilée",
    "Aquarium Mare Nostrum", "Bassin Jacques Cœur", "Cité des arts", "Halle Tropisme",
    "Maison de quartier des Aubes", "Salle des fêtes de Lavérune", "Boulodrome du Lez",
]
HOSPITAL_PLACES = ["CHU Lapeyronie", "Hôpital Arnaud de Villeneuve", "Hôpital Gui de Chauliac",
                   "Clinique du Millénaire", "Clinique Beau Soleil", "Clinique Saint-Jean",
                   "EHPAD Les Aubes", "EHPAD Le Grand Chêne", "Institut du cancer de Montpellier",
                   "Hôpital Saint-Éloi", "EHPAD Résidence Pierre Bouissou"]
CHURCHES = ["l'église Sainte-Thérèse", "l'église Saint-Roch", "la cathédrale Saint-Pierre",
            "l'église Notre-Dame-des-Tables", "l'église Saint-Denis", "le temple de la rue Maguelone",
            "l'église Sainte-Bernadette", "l'église Saint-Mathieu", "la salle omniculte du crématorium"]
CEMETERIES = ["Cimetière Saint-Lazare", "Cimetière Saint-Étienne", "Cimetière de Grammont",
              "Cimetière protestant", "Cimetière Saint-Martin", "Cimetière de Celleneuve",
              "Cimetière des Pins", "Cimetière Saint-Roch"]

# legal persons (not named after anybody)
ORGS = [
    "Secours populaire français – fédération de l'Hérault", "Croix-Rouge française", "Emmaüs Montpellier",
    "Les Restaurants du Cœur", "Montpellier Hérault Rugby", "Comité des fêtes de Lavérune",
    "ACM Habitat", "Hérault Logement", "FDI Habitat", "Un Toit Pour Tous", "Action Logement Services",
    "CCAS de Montpellier", "Caisse d'allocations familiales de l'Hérault", "Pompes funèbres générales",
    "Roc Eclerc", "Crédit Agricole du Languedoc", "Foncia Montpellier", "Nexity Lamy", "Citya Immobilier",
    "SCI Les Oliviers du Lez", "SARL Boulangerie du Plan Cabanes", "EARL Mas des Vignes Blanches",
    "GAEC des Jardins de Lavalette", "Compagnie Les Têtes de Bois", "Théâtre de la Vignette",
    "Université de Montpellier", "CHU de Montpellier", "Ligue contre le cancer – comité de l'Hérault",
    "Association des paralysés de France", "Banque alimentaire de l'Hérault", "Montpellier Handball",
    "Syndicat des copropriétaires Le Clos des Oliviers", "Copropriété Les Terrasses du Lez",
    "SAS Occitanie Primeurs", "SARL Les Délices du Lez", "Coopérative des vignerons de Saint-Georges",
    "Association sportive de Pignan", "Amicale des donneurs de sang de Castries", "Hérault Énergies",
    "SNCF Réseau", "Enedis – agence Hérault", "Régie des eaux de Montpellier", "La Poste – agence de Lattes",
    "Radio Campus Montpellier", "Collectif des riverains de Boutonnet", "Le Garage Solidaire du Lez",
]
# legal persons named after persons (companies bearing a founder's name, associations)
ORG_PERSONNES = [
    "SARL Primeurs Benhaddou", "Garage Vidal et Fils", "Pizzeria Chez Giuseppe", "Boulangerie Maison Roucayrol",
    "SAS Transports Ferrand-Lacombe", "EURL Fleurs Marie-Jo", "Ambulances Teissier Frères",
    "Fromagerie Lucien Bardou", "Domaine Jean-Louis Pradal", "Pharmacie Bastide-Carrère",
    "Librairie Anatole Sarrasin", "Café Chez Paulette", "Traiteur Nadia Benali SAS",
    "Atelier Vartan Karapetian SARL", "Boucherie Gérard Cambon", "Fondation Abbé Pierre",
    "Amicale laïque Jean Macé", "Association Olympe de Gouges", "Association Rosa Parks – égalité",
    "Chorale Josquin des Prés", "Ciné-club Jean Vigo", "Union sportive Léo Lagrange", "Cercle Frédéric Bazille",
    "Les Amis de Germaine Tillion", "Association Simone de Beauvoir", "Club d'échecs Philidor",
    "Compagnie Marius Galtier", "Cabinet Rouquette Immobilier", "Menuiserie Pujol & Fils",
    "Auto-école Stéphane Canet", "Taxi Karim Services", "Charcuterie Maison Azaïs", "Épicerie Chez Fatou",
    "Institut Marie-Claude Esthétique", "Fondation Charles Flahault", "Association Saint-Vincent-de-Paul",
]
PAINTERS = ["Frédéric Bazille", "Pierre Soulages", "Gustave Courbet", "Germaine Richier", "Frida Kahlo",
            "Pablo Picasso", "Agnès Varda"]
SINGERS = ["Georges Brassens", "Juliette Gréco", "Boby Lapointe", "Édith Piaf", "Charles Trenet", "Nina Simone",
           "Joséphine Baker", "Manitas de Plata"]
WRITERS = ["Paul Valéry", "Albert Camus", "George Sand", "Victor Hugo", "Molière", "Christine de Pizan",
           "Hannah Arendt", "Olympe de Gouges", "Louise Michel", "Marcel Pagnol", "François Rabelais"]
LOCALS = ["Frédéric Bazille", "Auguste Comte", "François Rabelais", "Germaine Richier", "Juliette Gréco",
          "Gustave Courbet", "Paul Valéry", "Jean Vilar"]
FAMOUS = [
    "Frédéric Bazille", "Jean Moulin", "Simone Veil", "Gisèle Halimi", "Olympe de Gouges",
    "Georges Brassens", "Paul Valéry", "Juliette Gréco", "Pierre Soulages", "Jean Jaurès",
    "Joséphine Baker", "Victor Hugo", "Marie Curie", "Louise Michel", "François Rabelais",
    "Auguste Comte", "Germaine Richier", "Jean Vilar", "Agnès Varda", "Boby Lapointe", "Molière",
    "Albert Camus", "Nelson Mandela", "Martin Luther King", "Rosa Parks", "Frida Kahlo", "Édith Piaf",
    "Manitas de Plata", "Charles Trenet", "George Sand", "Jean-Jacques Rousseau", "Pablo Picasso",
    "Nina Simone", "Gustave Courbet", "Marcel Pagnol", "Hannah Arendt", "Christine de Pizan",
]
# invented elected officials (public persons, decoys in public columns only)
ELUS = [  # (sex, name)
    ("M", "Bertrand Vidalenc"), ("F", "Hélène Castagnier"), ("F", "Sabrina Aït-Lhadj"), ("M", "Jean-Luc Mercadier"),
    ("F", "Odile Pélissou"), ("M", "Karim Bensaïd"), ("F", "Mathilde Roumégous"), ("M", "Laurent Sicard-Deleuze"),
    ("F", "Nadège Fontanilles"), ("M", "Michaël Delpuech"), ("F", "Coralie Estrabaud"), ("M", "Grégoire Lafargue"),
    ("F", "Fatiha Zerrouki"), ("M", "Philippe Mazerand"), ("F", "Isabelle Courtiade"), ("M", "Samuel Aboukrat"),
    ("F", "Véronique Bellegarde"), ("M", "Thibault Rieucau"), ("F", "Amina Cherradi"), ("M", "Didier Souquet"),
    ("F", "Manon Carbonnel"), ("M", "Julien Mirouze"), ("F", "Chantal Fenouillet"), ("M", "Rémi Ginestet"),
    ("F", "Sylvia Hoareau-Plantier"), ("M", "Christian Fabrégat"), ("F", "Clarisse Doumenc"), ("M", "Ahmed Lakhal"),
    ("F", "Patricia Vergnes"), ("M", "Olivier Bouscarain"), ("F", "Laure Massabuau"), ("M", "Stéphane Rouvière-Bex"),
    ("F", "Nathalie Escande"), ("M", "François Delteil"), ("F", "Yasmine Belhadj"), ("M", "Marc Gourdon"),
    ("F", "Élise Peyrolles"), ("M", "Benoît Caussinus"), ("F", "Anne-Marie Lautier"), ("M", "Hugo Sirvent"),
    ("F", "Delphine Calmels"), ("F", "Aurore Bastidon"),
]
ELU_FONCTIONS = [  # (masculine, feminine); the first official is the mayor
    ("Premier adjoint délégué aux finances", "Première adjointe déléguée aux finances"),
    ("Adjoint délégué à l'éducation", "Adjointe déléguée à l'éducation"),
    ("Adjoint délégué aux sports", "Adjointe déléguée aux sports"),
    ("Adjoint délégué à la culture", "Adjointe déléguée à la culture"),
    ("Adjoint délégué à la voirie", "Adjointe déléguée à la voirie"),
    ("Conseiller municipal délégué à la petite enfance", "Conseillère municipale déléguée à la petite enfance"),
    ("Conseiller municipal délégué au commerce", "Conseillère municipale déléguée au commerce"),
    ("Vice-président de la Métropole délégué aux mobilités", "Vice-présidente de la Métropole déléguée aux mobilités"),
    ("Vice-président de la Métropole délégué au logement", "Vice-présidente de la Métropole déléguée au logement"),
    ("Conseiller municipal", "Conseillère municipale"),
    ("Adjoint délégué aux solidarités", "Adjointe déléguée aux solidarités"),
    ("Adjoint délégué à la transition écologique", "Adjointe déléguée à la transition écologique"),
    ("Conseiller métropolitain", "Conseillère métropolitaine"),
]
GROUPES = ["Majorité municipale", "Montpellier Écologie", "Ensemble pour Montpellier", "Rassemblement citoyen",
           "Non inscrit", "Groupe socialiste et apparentés", "Montpellier en commun"]
PROFESSIONS = [  # detailed professions, (masculine, feminine); the survey's policy generalizes them
    ("Infirmier", "Infirmière"), ("Aide-soignant", "Aide-soignante"), ("Professeur des écoles", "Professeure des écoles"),
    ("Enseignant-chercheur", "Enseignante-chercheuse"), ("Ingénieur informatique", "Ingénieure informatique"),
    ("Développeur web", "Développeuse web"), ("Comptable", "Comptable"), ("Chauffeur de bus", "Conductrice de bus"),
    ("Agent d'entretien", "Agente d'entretien"), ("Électricien", "Électricienne"), ("Viticulteur", "Viticultrice"),
    ("Maraîcher", "Maraîchère"), ("Boulanger", "Boulangère"), ("Coiffeur", "Coiffeuse"), ("Commerçant", "Commerçante"),
    ("Médecin généraliste", "Médecin généraliste"), ("Kinésithérapeute", "Kinésithérapeute"), ("Avocat", "Avocate"),
    ("Secrétaire médical", "Secrétaire médicale"), ("Vendeur", "Vendeuse"), ("Caissier", "Caissière"),
    ("Agent de la fonction publique", "Agente de la fonction publique"), ("Demandeur d'emploi", "Demandeuse d'emploi"),
    ("Au foyer", "Au foyer"), ("Architecte", "Architecte"), ("Pharmacien", "Pharmacienne"), ("Maçon", "Maçonne"),
    ("Animateur périscolaire", "Animatrice périscolaire"), ("Journaliste", "Journaliste"),
    ("Chef de projet", "Cheffe de projet"), ("Artisan plombier", "Artisane plombière"), ("Policier municipal", "Policière municipale"),
]
EMAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "sfr.fr", "laposte.net", "hotmail.fr", "outlook.fr",
                 "yahoo.fr", "wanadoo.fr", "icloud.com", "protonmail.com", "neuf.fr", "live.fr", "bbox.fr",
                 "aliceadsl.fr", "gmx.fr"]
BANKS = [("30004", "BNP Paribas", "BNPAFRPPXXX"), ("30003", "Société Générale", "SOGEFRPPXXX"),
         ("13506", "Crédit Agricole du Languedoc", "AGRIFRPP835"),
         ("13485", "Caisse d'Épargne Languedoc-Roussillon", "CEPAFRPP348"),
         ("16607", "Banque Populaire du Sud", "CCBPFRPPPPG"), ("20041", "La Banque Postale", "PSSTFRPPMON"),
         ("10278", "Crédit Mutuel", "CMCIFR2A"), ("30002", "LCL", "CRLYFRPPXXX"), ("30066", "CIC", "CMCIFRPPXXX"),
         ("42559", "Crédit Coopératif", "CCOPFRPPXXX"), ("40618", "Boursorama", "BOUSFRPPXXX")]
NIR_COUNTRIES = ["350", "351", "352", "139", "134", "127", "341", "335", "208", "243", "114", "122"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
# fmt: on

PARTICLES = {"de", "du", "des", "le", "la", "les", "van", "von", "der", "den", "da", "dos", "das",
             "di", "del", "della", "el", "al", "ben", "ait", "aït", "abou", "ould", "lo"}  # fmt: skip
# what an anonymizer may write in place of a value: a planted item must not hide in them
LABELS = ("Personne physique Personne morale [NOM] [PRENOM] [PRÉNOM] [EMAIL] [TEL] [TÉLÉPHONE] "
          "[ADRESSE] [IBAN] [NIR] [IMMAT] [DATE_NAISSANCE] [DATE] [CAF] [PERSONNE] [MASQUÉ] "
          "[REDACTED] [SUPPRIMÉ] *** XXX anonymisé")  # fmt: skip

# ------------------------------------------------------------------ scoring mirror (score.py)
WS = re.compile(r"[\s\u00a0\u202f\u2007\u200b]+")
DIGITY = {"TEL", "IBAN", "NIR", "CAF", "IMMAT"}


def norm(s: str) -> str:
    return WS.sub(" ", unicodedata.normalize("NFC", s)).strip()


def fold(s: str) -> str:
    return norm(s).casefold()


def alnum(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFC", s).casefold())


def has_word(text_f: str, tok_f: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(tok_f) + r"(?!\w)", text_f) is not None


@dataclass
class P:
    """A planted personal item (one span of a cell)."""

    kind: str
    value: str
    variant: str = ""
    must: tuple[str, ...] = ()
    strict: tuple[str, ...] = ()
    rare: bool = False


@dataclass
class D:
    """A decoy: a value that must survive verbatim."""

    kind: str
    value: str
    modes: tuple[str, ...] = ()


Part = str | P | D


def present(item: P, cell: str) -> bool:
    cf = fold(cell)
    if fold(item.value) in cf or any(has_word(cf, fold(t)) for t in item.must):
        return True
    if item.kind in DIGITY:
        a = alnum(item.value)
        if len(a) >= 5 and a in alnum(cell):
            return True
        d = re.sub(r"\D", "", item.value)
        if item.kind == "TEL" and len(d) >= 9 and d[-9:] in re.sub(r"\D", "", cell):
            return True
    return False


def strict_present(item: P, cell: str) -> bool:
    return present(item, cell) or any(has_word(fold(cell), fold(t)) for t in item.strict)


def cell_problem(text: str, items: list[P | D]) -> str:
    """Why this cell's key would be wrong ('' when sound): every planted item leaks from a
    copy and is gone once every planted span is replaced by a tag, every decoy then survives,
    and no planted item is found inside the labels an anonymizer writes."""
    planted = [i for i in items if isinstance(i, P)]
    ideal = text
    for v in sorted({i.value for i in planted}, key=len, reverse=True):
        ideal = ideal.replace(v, "[X]")
    for i in items:
        if i.value not in text:
            return f"value not in cell: {i.value!r}"
    for i in planted:
        if not present(i, text):
            return f"planted not found in its own cell: {i.value!r}"
        if strict_present(i, ideal):
            return f"planted still found after masking every planted span: {i.value!r}"
        if strict_present(i, LABELS):
            return f"planted found in an anonymizer label: {i.value!r}"
    for i in items:
        if isinstance(i, D) and norm(i.value) not in norm(ideal):
            return f"decoy lost when planted spans are masked: {i.value!r}"
    return ""


# ------------------------------------------------------------------ primitives
def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("ł", "l").replace("ı", "i").replace("đ", "d").replace("ø", "o")
    return re.sub(r"[^a-z0-9-]", "", s.replace(" ", "-"))


def surname_tokens(last: str) -> tuple[str, ...]:
    toks = []
    for w in re.split(r"[\s-]+", last):
        if re.match(r"^[dl]['’]", w):
            w = w[2:]
        if w and w.lower() not in PARTICLES:
            toks.append(w)
    return tuple(toks) or (last,)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    sex: str
    rare: bool


def person(rng: random.Random, sex: str | None = None, last: str | None = None) -> Person:
    sex = sex or rng.choice("FM")
    rare = rng.random() < 0.35
    pool = (RARE_F if rare else FIRST_F) if sex == "F" else (RARE_M if rare else FIRST_M)
    name = last or rng.choice(SURNAMES)
    if sex == "F" and re.search(r"(ski|cki)$", name):
        name = name[:-1] + "a"
    return Person(rng.choice(pool), name, sex, rare)


def initials(first: str) -> str:
    return "-".join(w[0] + "." for w in first.split("-"))


def civ(rng: random.Random, sex: str) -> str:
    if sex == "F":
        return rng.choice(["Mme", "Mme", "Mme", "Madame", "Mlle", "Melle", "Mme."])
    return rng.choice(["M.", "M.", "M.", "Monsieur", "Mr", "Mr."])


NAME_STYLES = ["Prénom Nom", "NOM Prénom", "NOM, Prénom", "Nom Prénom", "minuscules", "majuscules",
               "initiales", "civilité + nom complet", "civilité + nom", "couple", "famille",
               "épouse / née"]  # fmt: skip


def name(rng: random.Random, p: Person, style: str | None = None, **kw: object) -> P:
    """One person name in one of the renderings, with its must/strict tokens."""
    style = style or rng.choice(NAME_STYLES)
    if style == "épouse / née" and p.sex == "M":
        style = "civilité + nom complet"
    f, last = p.first, p.last
    up = last.upper()
    must = surname_tokens(last)
    full = (*must, f)
    if style == "Prénom Nom":
        v = f"{f} {last}"
    elif style == "NOM Prénom":
        v = f"{up} {f}"
    elif style == "NOM, Prénom":
        v = f"{up}, {f}"
    elif style == "Nom Prénom":
        v = f"{last} {f}"
    elif style == "minuscules":
        v = rng.choice([f"{f} {last}", f"{last} {f}"]).lower()
    elif style == "majuscules":
        v = rng.choice([f"{f} {last}", f"{last} {f}"]).upper()
    elif style == "initiales":
        v, full = f"{initials(f)} {rng.choice([last, up])}", must
    elif style == "civilité + nom complet":
        v = f"{civ(rng, p.sex)} {f} {rng.choice([last, up])}"
    elif style == "civilité + nom":
        v, full = f"{civ(rng, p.sex)} {rng.choice([last, last, up])}", must
    elif style == "couple":
        v = rng.choice(["M. et Mme {}", "Mme et M. {}", "Monsieur et Madame {}", "les époux {}"])
        v, full = v.format(rng.choice([last, up])), must
    elif style == "famille":
        v, full = (
            rng.choice(["famille {}", "Famille {}", "famille {}"]).format(rng.choice([last, up])),
            must,
        )
    elif style == "épouse / née":
        other = rng.choice(SURNAMES)
        if rng.random() < 0.5:
            v = f"{civ(rng, 'F')} {f} {last} épouse {other}"
        else:
            v = f"Mme {other} née {rng.choice([last, up])}"
            full = surname_tokens(other) + must
        must = must + surname_tokens(other)
        full = tuple(dict.fromkeys(full + must))
    elif style == "docteur":
        v, full = f"{rng.choice(['Dr', 'Dr', 'Docteur', 'Dr.'])} {rng.choice([last, up])}", must
    elif style == "maître":
        v, full = f"{rng.choice(['Me', 'Maître'])} {last}", must
    else:
        raise ValueError(style)
    return P("NOM", v, style, must, full, p.rare and f in full)


def prenom(p: Person, variant: str = "prénom seul") -> P:
    return P("PRENOM", p.first, variant, (), (p.first,), p.rare)


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone_digits(rng: random.Random, kind: str = "") -> str:
    kind = kind or rng.choice(["mobile"] * 6 + ["fixe"] * 3 + ["box"])
    if kind == "mobile":
        return "0" + rng.choice("67") + str(rng.randint(1, 9)) + digits(rng, 7)
    if kind == "fixe":
        return (
            "04"
            + rng.choice(["67", "67", "99", "34", "11", "48"])
            + str(rng.randint(1, 9))
            + digits(rng, 5)
        )
    return "09" + str(rng.randint(5, 8)) + digits(rng, 7)


def fmt_phone(rng: random.Random, d: str, style: str) -> str:
    pairs = [d[i : i + 2] for i in range(0, 10, 2)]
    rest = " ".join(d[i : i + 2] for i in range(2, 10, 2))
    return {
        "espaces": " ".join(pairs),
        "points": ".".join(pairs),
        "tirets": "-".join(pairs),
        "compact": d,
        "+33": f"+33 {d[1]} {rest}",
        "+33 compact": "+33" + d[1:],
        "0033": f"0033 {d[1]} {rest}",
        "+33 (0)": f"+33 (0){d[1]} {rest}",
        "(+33)": f"(+33) {d[1]} {rest}",
        "insécables": "\u00a0".join(pairs),
        "insécables fines": "\u202f".join(pairs),
        "barres": "/".join(pairs),
        "4-2-2-2": f"{d[:4]} {d[4:6]} {d[6:8]} {d[8:]}",
    }[style]


PHONE_STYLES = ["espaces"] * 8 + ["points"] * 3 + ["tirets", "compact", "compact", "+33", "+33",
                "+33 compact", "0033", "+33 (0)", "(+33)", "insécables", "insécables fines",
                "barres", "4-2-2-2"]  # fmt: skip
BAD_PHONES = ["9 chiffres", "11 chiffres", "sans 0", "+33 0", "8 chiffres"]


def tel(rng: random.Random, bad: float = 0.0, kind: str = "", style: str = "") -> P:
    d = phone_digits(rng, kind)
    if rng.random() < bad:
        v = rng.choice(BAD_PHONES)
        pairs = " ".join(d[i : i + 2] for i in range(0, 10, 2))
        text = {
            "9 chiffres": pairs[:-1],
            "11 chiffres": pairs + str(rng.randint(0, 9)),
            "sans 0": d[1] + " " + " ".join(d[i : i + 2] for i in range(2, 10, 2)),
            "+33 0": "+33 " + pairs,
            "8 chiffres": pairs[:-3],
        }[v]
        return P("TEL", text, "invalide: " + v)
    style = style or rng.choice(PHONE_STYLES)
    return P("TEL", fmt_phone(rng, d, style), style)


def org_tel(rng: random.Random) -> D:
    d = phone_digits(rng, rng.choice(["fixe", "fixe", "fixe", "mobile"]))
    return D("ORG_TEL", fmt_phone(rng, d, rng.choice(["espaces", "espaces", "points", "+33"])))


def email_local(rng: random.Random, p: Person) -> str:
    f, last = slug(p.first), slug(p.last).replace("-", "")
    yy = str(rng.randint(50, 99) if rng.random() < 0.5 else rng.randint(1, 34))
    return rng.choice([f"{f}.{last}", f"{f}.{last}", f"{f[0]}.{last}", f"{last}.{f}", f"{f}{last}",
                       f"{f}.{last}{yy}", f"{f}_{last}", f"{last}{f[0]}", f"{f}{rng.choice(['34', '13', '30'])}",
                       f"{f[0]}{last}{yy}", f"{f}-{last}"])  # fmt: skip


EMAIL_OBF = [
    "[at]",
    "(at)",
    " at ",
    "arobase",
    "[@]",
    " @ ",
    "[at] [dot]",
    "(a)",
    " AT  DOT ",
    "chez",
]
BAD_EMAILS = ["sans TLD", "sans @", "double @", "virgule", "accent"]


def email(rng: random.Random, p: Person, obf: float = 0.0, bad: float = 0.0) -> P:
    local = email_local(rng, p)
    dom = rng.choice(EMAIL_DOMAINS)
    r = rng.random()
    if r < bad:
        v = rng.choice(BAD_EMAILS)
        if v == "accent":
            if slug(p.first) == p.first.lower():
                v = "sans TLD"
            else:
                local = p.first.lower() + "." + slug(p.last).replace("-", "")
        text = {"sans TLD": f"{local}@{dom.split('.')[0]}", "sans @": f"{local}.{dom}",
                "double @": f"{local}@@{dom}", "virgule": f"{local}@{dom.replace('.', ',')}",
                "accent": f"{local}@{dom}"}[v]  # fmt: skip
        return P("EMAIL", text, "invalide: " + v, (local,), (local,))
    if r < bad + obf:
        v = rng.choice(EMAIL_OBF)
        host, tld = dom.rsplit(".", 1)
        text = {"[at]": f"{local} [at] {dom}", "(at)": f"{local}(at){dom}", " at ": f"{local} at {dom}",
                "arobase": f"{local} arobase {host} point {tld}", "[@]": f"{local}[@]{dom}",
                " @ ": f"{local} @ {dom}", "[at] [dot]": f"{local}[at]{host}[dot]{tld}",
                "(a)": f"{local}(a){dom}", " AT  DOT ": f"{local} AT {host} DOT {tld}",
                "chez": f"{local} chez {dom}"}[v]  # fmt: skip
        return P("EMAIL", text, "obfusqué: " + v.strip(), (local,), (local,))
    text = f"{local}@{dom}"
    if rng.random() < 0.08:
        text, local = text.upper(), local.upper()
        return P("EMAIL", text, "majuscules", (local,), (local,))
    return P("EMAIL", text, "standard", (local,), (local,))


def org_domain(org: str) -> str:
    words = [
        w
        for w in slug(org).split("-")
        if w and w not in {"de", "du", "des", "la", "le", "les", "et"}
    ]
    tld = [".fr", ".org", ".com", ".fr"][int(hashlib.sha1(org.encode()).hexdigest(), 16) % 4]
    return "-".join(words[:3]) + tld


def org_email(rng: random.Random, org: str) -> D:
    box = rng.choice(
        ["contact", "accueil", "secretariat", "info", "direction", "bureau", "gestion"]
    )
    return D("ORG_EMAIL", f"{box}@{org_domain(org)}")


def luhn_digit(s: str) -> str:
    total = 0
    for i, c in enumerate(reversed(s)):
        n = int(c) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def siret(rng: random.Random) -> D:
    siren = str(rng.randint(3, 9)) + digits(rng, 7)
    siren += luhn_digit(siren)
    base = siren + "000" + str(rng.randint(1, 9))
    s = base + luhn_digit(base)
    v = rng.choice([s, s, f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}", f"{s[:9]} {s[9:]}"])
    return D("SIRET", v)


RIB_LETTERS = {c: str(v) for v, cs in enumerate(["", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"])
               for c in cs}  # fmt: skip


def rib_key(bank: str, branch: str, account: str) -> str:
    acc = "".join(RIB_LETTERS.get(c, c) for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97:02d}"


def iban_check(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{98 - int(num) % 97:02d}"


def es_dc(s: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * x for c, x in zip(s, w, strict=True)) % 11
    return str({10: 1, 11: 0}.get(r, r))


def iban(rng: random.Random, bad: float = 0.0, foreign: float = 0.1, bank: str = "") -> P:
    bank = bank or rng.choice(BANKS)[0]
    branch = digits(rng, 5)
    account = digits(rng, 11)
    if rng.random() < 0.15:
        i = rng.randint(7, 10)
        account = account[:i] + rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + account[i + 1 :]
    key = rib_key(bank, branch, account)
    variant = ""
    cc = "FR"
    r = rng.random()
    if r < bad:
        variant = rng.choice(["clé IBAN fausse", "tronqué", "clé RIB fausse", "RIB"])
        if variant == "clé RIB fausse":
            key = f"{(int(key) + rng.randint(1, 90)) % 97:02d}"
        if variant == "RIB":
            return P("IBAN", f"{bank} {branch} {account} {key}", "invalide: RIB seul (sans IBAN)")
        bban = bank + branch + account + key
    elif r < bad + foreign:
        cc = rng.choice(["ES", "BE", "DE"])
        if cc == "ES":
            ent, off, acc = digits(rng, 4), digits(rng, 4), digits(rng, 10)
            bban = ent + off + es_dc("00" + ent + off) + es_dc(acc) + acc
        elif cc == "BE":
            b = str(rng.randint(100, 999)) + digits(rng, 7)
            bban = b + f"{int(b) % 97 or 97:02d}"
        else:
            bban = digits(rng, 18)
        variant = "étranger " + cc
    else:
        bban = bank + branch + account + key
    check = iban_check(cc, bban)
    if variant == "clé IBAN fausse":
        check = f"{(int(check) + rng.randint(1, 90)) % 97:02d}"
    s = cc + check + bban
    if variant == "tronqué":
        s = s[: rng.choice([23, 25])]
    style = rng.choice(["groupes de 4"] * 5 + ["compact", "compact", "minuscules", "tirets"])
    grouped = " ".join(s[i : i + 4] for i in range(0, len(s), 4))
    text = {"groupes de 4": grouped, "compact": s, "minuscules": grouped.lower(),
            "tirets": grouped.replace(" ", "-")}[style]  # fmt: skip
    return P("IBAN", text, ("invalide: " + variant) if r < bad else (variant or style))


def nir(rng: random.Random, sex: str = "", year: int = 0, month: int = 0, bad: float = 0.0) -> P:
    s = {"M": "1", "F": "2"}.get(sex) or rng.choice("12")
    yy = f"{(year or rng.randint(1935, 2004)) % 100:02d}"
    mm = f"{month or rng.randint(1, 12):02d}"
    r = rng.random()
    if r < 0.7:
        dep, com = "34", rng.choice(COMMUNES_3M + COMMUNES_34)[2][2:]
    elif r < 0.78:
        dep, com = rng.choice(["2A", "2B"]), f"{rng.randint(1, 366):03d}"
    elif r < 0.84:
        dep, com = rng.choice(["971", "972", "974", "976"]), f"{rng.randint(1, 34):02d}"
    elif r < 0.94:
        dep, com = "99", rng.choice(NIR_COUNTRIES)
    else:
        dep, com = (
            rng.choice(["30", "11", "13", "75", "69", "12", "66"]),
            f"{rng.randint(1, 400):03d}",
        )
    order = f"{rng.randint(1, 999):03d}"
    n13 = s + yy + mm + dep + com + order
    key = f"{97 - int(n13.replace('2A', '19').replace('2B', '18')) % 97:02d}"
    variant = rng.choice(["espacé"] * 4 + ["compact", "compact", "clé séparée"])
    if rng.random() < bad:
        variant = rng.choice(
            ["invalide: clé fausse", "invalide: clé fausse", "invalide: sans clé (13)"]
        )
        key = f"{(int(key) + rng.randint(1, 90)) % 97:02d}" if "fausse" in variant else ""
    if "espacé" in variant or "sans clé" in variant:
        text = " ".join(x for x in [s, yy, mm, dep, com, order, key] if x)
    elif variant == "clé séparée":
        text = f"{n13} {key}"
    else:
        text = n13 + key
    if variant.startswith("invalide") and "fausse" in variant and rng.random() < 0.5:
        text = n13 + key
    return P("NIR", text, variant)


SIV = "ABCDEFGHJKLMNPQRSTVWXYZ"


def plate(rng: random.Random) -> P:
    while True:
        a, b = rng.choice(SIV) + rng.choice(SIV), rng.choice(SIV) + rng.choice(SIV)
        if a not in ("SS", "WW") and b != "SS":
            break
    n = f"{rng.randint(1, 999):03d}"
    v = rng.choice(
        ["SIV tirets"] * 4 + ["SIV espaces", "SIV compact", "SIV minuscules", "FNI", "FNI"]
    )
    dep = rng.choice(["34", "34", "34", "30", "11", "13", "2A", "12"])
    text = {"SIV tirets": f"{a}-{n}-{b}", "SIV espaces": f"{a} {n} {b}", "SIV compact": f"{a}{n}{b}",
            "SIV minuscules": f"{a}-{n}-{b}".lower(),
            "FNI": f"{rng.randint(1, 9999)} {rng.choice(SIV) + rng.choice(['', rng.choice(SIV)]) + rng.choice(SIV)} {dep}"}[v]  # fmt: skip
    return P("IMMAT", text, v)


def birth(
    rng: random.Random, y0: int, y1: int, bad: float = 0.0, styles: list[str] | None = None
) -> tuple[P, dt.date]:
    d = dt.date(rng.randint(y0, y1), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    style = rng.choice(styles or ["jj/mm/aaaa"] * 5 + ["aaaa-mm-jj", "jj-mm-aaaa", "jj.mm.aaaa", "en lettres", "jj/mm/aa", "j/m/aaaa"])  # fmt: skip
    if rng.random() < bad:
        v = rng.choice(["31/02", "30/02", "31/04", "00/mm", "jj/13", "31/06"])
        dd, mm = {"31/02": ("31", "02"), "30/02": ("30", "02"), "31/04": ("31", "04"), "31/06": ("31", "06"),
                  "00/mm": ("00", f"{d.month:02d}"), "jj/13": (f"{d.day:02d}", "13")}[v]  # fmt: skip
        return P("DATE_NAISSANCE", f"{dd}/{mm}/{d.year}", "invalide: " + v), d
    day = "1er" if d.day == 1 else str(d.day)
    text = {"jj/mm/aaaa": d.strftime("%d/%m/%Y"), "aaaa-mm-jj": d.isoformat(), "jj-mm-aaaa": d.strftime("%d-%m-%Y"),
            "jj.mm.aaaa": d.strftime("%d.%m.%Y"), "en lettres": f"{day} {MONTHS[d.month - 1]} {d.year}",
            "jj/mm/aa": d.strftime("%d/%m/%y"), "j/m/aaaa": f"{d.day}/{d.month}/{d.year}"}[style]  # fmt: skip
    return P("DATE_NAISSANCE", text, style), d


def caf(rng: random.Random, bad: float = 0.0) -> P:
    n = f"{rng.randint(1, 9999999):07d}"
    if rng.random() < bad:
        v = rng.choice(["6 chiffres", "8 chiffres", "espacé"])
        text = {
            "6 chiffres": n[1:],
            "8 chiffres": n + str(rng.randint(0, 9)),
            "espacé": f"{n[:3]} {n[3:5]} {n[5:]}",
        }[v]
        return P("CAF", text, "invalide: " + v)
    return P("CAF", n, "7 chiffres" if n[0] != "0" else "7 chiffres, zéro initial")


def commune(rng: random.Random, hors_3m: float = 0.1) -> tuple[str, str, str]:
    if rng.random() < hors_3m:
        return rng.choice(COMMUNES_34)
    if rng.random() < 0.45:
        c = COMMUNES_3M[0]
        return c[0], rng.choice(MTP_POSTCODES), c[2]
    return rng.choice(COMMUNES_3M)


def adresse(rng: random.Random, city: float = 0.4, where: tuple[str, str, str] | None = None) -> P:
    n = rng.randint(1, 180)
    num = rng.choice([str(n)] * 8 + [f"{n} bis", f"{n} ter", f"{n}B"])
    street = rng.choice(RES_STREETS)
    cname, cp, _ = where or commune(rng)
    r = rng.random()
    if r < 0.12:
        v, text = (
            "résidence / bâtiment",
            f"Résidence {rng.choice(RESIDENCES)}, bât. {rng.choice('ABCDE')}, appt {rng.randint(1, 60)}, {num} {street}",
        )
    elif r < 0.2:
        v, text = "virgule", f"{num}, {street}"
    elif r < 0.26:
        v, text = "majuscules", f"{num} {street}".upper()
    elif r < 0.3:
        v, text = (
            "lieu-dit",
            f"Mas {rng.choice(['de Rochet', 'des Aires', 'de la Plaine', 'Saint-Pierre', 'de Fourques'])}, {street}",
        )
    else:
        v, text = "numéro + voie", f"{num} {street}"
    if rng.random() < city:
        sep = rng.choice([" ", ", ", " – "])
        text += sep + f"{cp} {rng.choice([cname, cname, cname.upper()])}"
        v += " + CP commune"
    if "bis" in num or "ter" in num:
        v += " (bis/ter)"
    return P("ADRESSE", text, v)


def gps(rng: random.Random) -> tuple[D, D]:
    lat, lon = rng.uniform(43.55, 43.68), rng.uniform(3.78, 3.98)
    nd = rng.choice([5, 6, 6, 7])
    return D("GPS", f"{lat:.{nd}f}"), D("GPS", f"{lon:.{nd}f}")


def money(rng: random.Random, lo: float, hi: float, cents: bool = True) -> D:
    x = rng.uniform(lo, hi)
    s = f"{x:,.2f}" if cents else f"{round(x):,}"
    sep = rng.choice([" ", "\u00a0", ""])
    s = s.replace(",", "§").replace(".", ",").replace("§", sep)
    return D("MONTANT", s)


def event_date(rng: random.Random, y0: int = 2023, y1: int = 2025, style: str = "") -> D:
    d = dt.date(rng.randint(y0, y1), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    style = style or rng.choice(["fr", "fr", "iso", "lettres"])
    return D("DATE_EVENEMENT", {"fr": d.strftime("%d/%m/%Y"), "iso": d.isoformat(),
                                "lettres": f"{d.day} {MONTHS[d.month - 1]} {d.year}"}[style])  # fmt: skip


def pick(rng: random.Random, seq: list[str], kind: str) -> D:
    return D(kind, rng.choice(seq))


def one(rng: random.Random, *choices: Callable[[], list[Part]]) -> list[Part]:
    return rng.choice(choices)()


ARTICLES = {"Médiathèque": "la", "Piscine": "la", "Maison": "la", "École": "l'", "Groupe": "le", "Gymnase": "le",
            "Stade": "le", "Palais": "le", "Collège": "le", "Lycée": "le", "Musée": "le", "Théâtre": "le",
            "Opéra": "l'", "Salle": "la", "Espace": "l'", "Hôpital": "l'", "Centre": "le", "Halles": "les",
            "Halle": "la", "Parc": "le", "Jardin": "le", "Domaine": "le", "Zénith": "le", "Patinoire": "la",
            "Cinéma": "le", "Hôtel": "l'", "Pavillon": "le", "Planétarium": "le", "Aquarium": "l'", "Bassin": "le",
            "Cité": "la", "Boulodrome": "le", "Marché": "le", "Association": "l'", "Amicale": "l'", "Union": "l'",
            "Fondation": "la", "Cercle": "le", "Club": "le", "Chorale": "la", "Ciné-club": "le", "Compagnie": "la",
            "Secours": "le", "Croix-Rouge": "la", "Banque": "la", "Collectif": "le", "Comité": "le", "Ligue": "la",
            "Coopérative": "la", "Copropriété": "la", "Syndicat": "le", "Caisse": "la", "CCAS": "le", "CHU": "le",
            "Université": "l'", "Régie": "la", "Radio": "", "Direction": "la", "Police": "la", "Service": "le",
            "Mission": "la", "TaM": "", "Institut": "l'", "Clinique": "la", "EHPAD": "l'"}  # fmt: skip
CONTRACT = {("à", "le"): "au ", ("à", "les"): "aux ", ("de", "le"): "du ", ("de", "les"): "des "}


def art(prep: str, value: str) -> str:
    """French preposition + article before a place or organisation name ('à la ', 'du ', 'l'')."""
    a = ARTICLES.get(value.split(" ")[0], "")
    if (prep, a) in CONTRACT:
        return CONTRACT[(prep, a)]
    words = [w for w in (prep, a) if w]
    return " ".join(words) + ("" if a == "l'" else " ") if words else ""


def at(rng: random.Random, prep: str, seq: list[str], kind: str) -> list[Part]:
    d = pick(rng, seq, kind)
    return [art(prep, d.value), d]


def place(rng: random.Random) -> D:
    r = rng.random()
    if r < 0.35:
        return pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE")
    if r < 0.55:
        return pick(rng, TRAM, "ARRET_TRAM")
    if r < 0.8:
        return pick(rng, EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE")
    if r < 0.9:
        return pick(rng, EQUIPEMENTS, "EQUIPEMENT")
    return pick(rng, VOIES, "VOIE")


def org(rng: random.Random, personne: float = 0.5) -> D:
    if rng.random() < personne:
        return pick(rng, ORG_PERSONNES, "ORG_PERSONNE")
    return pick(rng, ORGS, "ORG")


ASSOCS = [
    o
    for o in ORG_PERSONNES
    if ARTICLES.get(o.split(" ")[0]) in ("l'", "la", "le") and not o.startswith("Pharmacie")
]
ASSOCS_PLAIN = ["Secours populaire français – fédération de l'Hérault", "Croix-Rouge française", "Les Restaurants du Cœur",
                "Banque alimentaire de l'Hérault", "Collectif des riverains de Boutonnet", "Comité des fêtes de Lavérune",
                "Amicale des donneurs de sang de Castries", "Association des paralysés de France", "Radio Campus Montpellier"]  # fmt: skip
MPT = [e for e in EQUIP_PERSONNES if e.startswith("Maison pour tous")]
MATERNELLES = [
    e
    for e in EQUIP_PERSONNES
    if e.startswith(("École maternelle", "Groupe scolaire", "École primaire"))
]
ELEMENTAIRES = [
    e
    for e in EQUIP_PERSONNES
    if e.startswith(("École élémentaire", "Groupe scolaire", "École primaire"))
]
SCHOOLS = MATERNELLES + ELEMENTAIRES
REL = {"F": ["sœur", "épouse", "fille", "mère", "amie", "voisine", "nièce"],
       "M": ["frère", "mari", "fils", "père", "ami", "voisin", "neveu"]}  # fmt: skip
KIN = {
    "F": ["fille", "épouse", "nièce", "petite-fille", "sœur"],
    "M": ["fils", "époux", "neveu", "petit-fils", "frère"],
}
SIRETS: dict[str, D] = {}


def siret_of(name_: str) -> D:
    """The same organisation keeps the same SIRET across rows."""
    if name_ not in SIRETS:
        SIRETS[name_] = siret(random.Random(name_))
    return SIRETS[name_]


def distinct_people(rng: random.Random, n: int, sex: str | None = None) -> list[Person]:
    out: list[Person] = []
    while len(out) < n:
        p = person(rng, sex)
        if all(p.first not in q.first and q.first not in p.first for q in out):
            out.append(p)
    return out


# ---------------------------------------------------------------- s01 school canteen
SCHOOLS_PLAIN = ["École maternelle Les Tilleuls", "École élémentaire Les Aiguerelles", "Groupe scolaire Les Grèzes",
                 "École maternelle Le Petit Prince", "École élémentaire Les Castors", "École primaire de Saussan"]  # fmt: skip


def s01_obs(rng: random.Random) -> list[Part]:
    if rng.random() < 0.35:
        return []
    x = person(rng)
    return one(
        rng,
        lambda: [
            "Enfant récupéré le mercredi par sa grand-mère, ",
            name(rng, person(rng, "F"), "civilité + nom complet"),
            ", tél. ",
            tel(rng),
            ".",
        ],
        lambda: [
            "Facture à adresser au père, ",
            name(rng, person(rng, "M"), rng.choice(["civilité + nom complet", "NOM Prénom"])),
            ", ",
            adresse(rng, 0.7),
            ".",
        ],
        lambda: ["Prélèvement automatique sur le compte ", iban(rng), " (mandat signé)."],
        lambda: [
            "Garde alternée : semaines paires chez ",
            name(rng, person(rng, "M"), rng.choice(["civilité + nom complet", "Prénom Nom"])),
            " (",
            tel(rng),
            "), semaines impaires chez la mère.",
        ],
        lambda: [
            "Changement d'adresse signalé le ",
            event_date(rng),
            " : ",
            adresse(rng, 0.8),
            ".",
        ],
        lambda: [
            "Inscrit(e) aussi à l'accueil de loisirs de ",
            *at(rng, "", MPT, "EQUIPEMENT_PERSONNE"),
            ".",
        ],
        lambda: ["Mail de la mère : ", email(rng, person(rng, "F"), obf=0.5), "."],
        lambda: [
            ("Frère" if x.sex == "M" else "Sœur")
            + " déjà inscrit"
            + ("e" if x.sex == "F" else "")
            + " : ",
            prenom(x),
            " (",
            rng.choice(["CP", "CE1", "CM2", "GS"]),
            ").",
        ],
        lambda: [
            "Tarif réduit accordé par le ",
            D("ORG", "CCAS de Montpellier"),
            " (n° allocataire ",
            caf(rng),
            ").",
        ],
        lambda: [
            "Sortie ",
            *at(
                rng,
                "à",
                ["Musée Fabre", "Parc zoologique de Lunaret", "Planétarium Galilée"],
                "EQUIPEMENT",
            ),
            " le ",
            event_date(rng),
            " : panier-repas.",
        ],
        lambda: ["Autorisation de sortie signée par ", name(rng, x), "."],
        lambda: [
            "Personne habilitée à récupérer l'enfant : ",
            name(rng, x, "Prénom Nom"),
            ", " + rng.choice(REL[x.sex][4:]) + ", ",
            tel(rng),
            ".",
        ],
        lambda: [
            "Atelier « Hommage à ",
            pick(rng, FAMOUS, "PERSONNALITE"),
            " » le jeudi midi ",
            *at(rng, "à", MPT, "EQUIPEMENT_PERSONNE"),
            ".",
        ],
    )


def s01_row(rng: random.Random, i: int) -> dict[str, object]:
    child = person(rng)
    parent = person(rng, last=child.last if rng.random() < 0.75 else None)
    dob, born = birth(rng, 2013, 2021, bad=0.08, styles=["jj/mm/aaaa"] * 8 + ["j/m/aaaa", "jj-mm-aaaa", "en lettres", "aaaa-mm-jj"])  # fmt: skip
    classe = ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"][
        max(0, min(7, 2024 - born.year - 3))
    ]
    schools = MATERNELLES if classe in ("PS", "MS", "GS") else ELEMENTAIRES
    plain = [s for s in SCHOOLS_PLAIN if ("maternelle" in s) == (classe in ("PS", "MS", "GS")) or "primaire" in s or "Groupe" in s]  # fmt: skip
    ecole = (
        pick(rng, schools, "EQUIPEMENT_PERSONNE")
        if rng.random() < 0.75
        else pick(rng, plain, "EQUIPEMENT")
    )
    lien = rng.choice(["Mère", "Mère", "Tutrice", "Grand-mère"]) if parent.sex == "F" else rng.choice(["Père", "Père", "Tuteur", "Grand-père"])  # fmt: skip
    last = rng.choice([child.last, child.last.upper(), child.last.upper()])
    first = child.first if rng.random() < 0.9 else child.first.upper()
    allerg: list[Part] = []
    a = rng.random()
    if a < 0.12:
        allerg = [rng.choice(["Arachide", "Fruits à coque", "Œuf", "Lait de vache", "Gluten", "Poisson"]), " – PAI signé par le ",
                  name(rng, person(rng), "docteur"), " le ", event_date(rng, 2023, 2024, "fr")]  # fmt: skip
    elif a < 0.3:
        allerg = [
            rng.choice(
                [
                    "Arachide",
                    "Kiwi",
                    "Gluten (intolérance)",
                    "Lactose",
                    "Sésame",
                    "Moutarde",
                    "Crustacés",
                ]
            )
        ]
    return {
        "N° inscription": D("CODE", f"RS-2024-{i + 1:05d}"),
        "Année scolaire": D("TEXTE", "2024-2025"),
        "École": ecole,
        "Classe": D("TEXTE", classe),
        "Nom de l'enfant": P(
            "NOM", last, "colonne Nom", surname_tokens(child.last), surname_tokens(child.last)
        ),
        "Prénom de l'enfant": P("PRENOM", first, "colonne Prénom", (), (child.first,), child.rare),
        "Date de naissance": dob,
        "Responsable légal": name(
            rng,
            parent,
            rng.choice(
                ["NOM Prénom"] * 4
                + [
                    "Prénom Nom",
                    "civilité + nom complet",
                    "NOM, Prénom",
                    "majuscules",
                    "Nom Prénom",
                    "épouse / née",
                ]
            ),
        ),
        "Lien": D("TEXTE", lien),
        "Téléphone": tel(rng, bad=0.12),
        "Courriel": email(rng, parent, bad=0.1) if rng.random() < 0.94 else "",
        "N° allocataire CAF": caf(rng, bad=0.15) if rng.random() < 0.8 else "",
        "Quotient familial": D("MONTANT", str(rng.randint(250, 2600))),
        "Tarif repas (€)": D(
            "MONTANT", rng.choice(["0,50", "1,00", "1,80", "2,65", "3,45", "4,95"])
        ),
        "Régime alimentaire": D(
            "TEXTE",
            rng.choice(
                ["Standard"] * 5
                + ["Sans porc", "Végétarien", "Sans viande", "Hors PAI : panier-repas"]
            ),
        ),
        "Allergies / PAI": allerg,
        "Jours de présence": D(
            "TEXTE", rng.choice(["L M J V", "L M M J V", "L J", "M J V", "L M J"])
        ),
        "Observations": s01_obs(rng),
    }


# ---------------------------------------------------------------- s02 housing applications
def s02_foyer(rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.3:
        return [
            rng.choice(
                [
                    "Personne seule",
                    "Couple sans enfant",
                    "Personne seule, 78 ans",
                    "Colocation étudiante (2)",
                ]
            )
        ]
    if r < 0.75:
        kids = distinct_people(rng, rng.randint(1, 3))
        out: list[Part] = [rng.choice(["Couple avec ", "Mère isolée avec ", "Père isolé avec ", "Famille recomposée, "]), f"{len(kids)} enfant{'s' if len(kids) > 1 else ''} : "]  # fmt: skip
        for k, kid in enumerate(kids):
            if k:
                out.append(rng.choice(["; ", ", ", " et "]))
            dob, _ = birth(rng, 2006, 2023, styles=["jj/mm/aaaa"] * 4 + ["en lettres", "jj/mm/aa"])
            if rng.random() < 0.7:
                out += [
                    prenom(kid, "prénom + date"),
                    " (né" + ("e" if kid.sex == "F" else "") + " le ",
                    dob,
                    ")",
                ]
            else:
                out += [prenom(kid, "prénom + date"), " – ", dob]
        return out
    if r < 0.88:
        host = person(rng)
        return ["Hébergé(e) chez ", name(rng, host, "civilité + nom complet"), f" ({'sa tante' if host.sex == 'F' else 'un ami'})", " avec ses deux enfants"]  # fmt: skip
    return ["Couple, naissance prévue en ", D("DATE_EVENEMENT", f"{rng.choice(MONTHS)} 2025")]


def s02_motif(rng: random.Random) -> list[Part]:
    x = person(rng)
    return one(
        rng,
        lambda: [
            rng.choice(
                [
                    "Logement trop petit (T2 pour 5 personnes).",
                    "Loyer trop élevé.",
                    "Logement au 4e sans ascenseur.",
                    "Divorce.",
                ]
            )
        ],
        lambda: [
            "Logement insalubre, signalé par l'assistante sociale ",
            name(rng, person(rng, "F"), "civilité + nom"),
            ".",
        ],
        lambda: [
            "Reprise du logement par le propriétaire, ",
            name(rng, x, "civilité + nom complet"),
            " (",
            D("ORG", "SCI Les Oliviers du Lez"),
            ").",
        ],
        lambda: ["Mutation professionnelle au ", D("ORG", "CHU de Montpellier"), "."],
        lambda: [
            "Séparation ; hébergée chez sa sœur ",
            name(rng, person(rng, "F"), "Prénom Nom"),
            ", ",
            adresse(rng, 0.9),
            ".",
        ],
        lambda: [
            "Souhaite se rapprocher de sa mère qui habite près de l'arrêt ",
            pick(rng, TRAM, "ARRET_TRAM"),
            ".",
        ],
        lambda: [
            "Expulsion prononcée le ",
            event_date(rng),
            " ; accompagnement par ",
            D("ORG", "Un Toit Pour Tous"),
            ".",
        ],
        lambda: [
            "Mobilité réduite : logement adapté nécessaire, proche du tram (",
            pick(rng, TRAM, "ARRET_TRAM"),
            ").",
        ],
        lambda: [
            "Décohabitation : vit chez ses parents, ",
            name(rng, x, "couple"),
            ", ",
            adresse(rng, 0.6),
            ".",
        ],
    )


def s02_suivi(rng: random.Random, p: Person) -> list[Part]:
    if rng.random() < 0.4:
        return []
    return one(
        rng,
        lambda: [
            "Visite d'un T3 ",
            pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
            " le ",
            event_date(rng),
            " – refusée (étage).",
        ],
        lambda: ["Pièces reçues par mail de ", email(rng, p, obf=0.4), "."],
        lambda: ["Relance téléphonique au ", tel(rng), " sans réponse."],
        lambda: [
            "Commission d'attribution du ",
            event_date(rng),
            " : proposition ",
            pick(rng, ["ACM Habitat", "Hérault Logement", "FDI Habitat"], "ORG"),
            ".",
        ],
        lambda: [
            "Rendez-vous ",
            *at(rng, "à", MPT, "EQUIPEMENT_PERSONNE"),
            " le ",
            event_date(rng),
            ".",
        ],
        lambda: [
            "Dossier transmis par ",
            name(rng, person(rng), "civilité + nom"),
            " (",
            D("ORG", "Action Logement Services"),
            ").",
        ],
    )


def s02_row(rng: random.Random, i: int) -> dict[str, object]:
    p = person(rng)
    dob, born = birth(rng, 1940, 2005, bad=0.08)
    c1, c2 = commune(rng, 0.0)[0], commune(rng, 0.0)[0]
    souhait: list[Part] = (
        [D("COMMUNE", c1)]
        if c1 == c2 or rng.random() < 0.6
        else [D("COMMUNE", c1), ", ", D("COMMUNE", c2)]
    )
    co: object = ""
    if rng.random() < 0.55:
        co = name(
            rng,
            person(rng, last=p.last if rng.random() < 0.4 else None),
            rng.choice(["NOM Prénom", "Prénom Nom", "majuscules"]),
        )
    return {
        "N° unique": D("CODE", f"034 {rng.randint(22, 25)} {rng.randint(1, 99999):05d}"),
        "Date de dépôt": event_date(rng, 2022, 2025, "fr"),
        "Demandeur": name(
            rng,
            p,
            rng.choice(
                ["NOM Prénom"] * 4
                + [
                    "Prénom Nom",
                    "NOM, Prénom",
                    "majuscules",
                    "minuscules",
                    "civilité + nom complet",
                ]
            ),
        ),
        "Date de naissance": dob,
        "N° de sécurité sociale": nir(rng, p.sex, born.year, born.month, bad=0.15)
        if rng.random() < 0.95
        else "",
        "Co-demandeur": co,
        "Composition du foyer": s02_foyer(rng),
        "Adresse actuelle": adresse(rng, 0.85),
        "Téléphone": tel(rng, bad=0.1),
        "Courriel": email(rng, p, bad=0.08) if rng.random() < 0.9 else "",
        "N° allocataire CAF": caf(rng, bad=0.12) if rng.random() < 0.75 else "",
        "Revenus mensuels du foyer": D(
            "TEXTE",
            rng.choice(
                [
                    "moins de 1 000 €",
                    "1 000 € à 1 500 €",
                    "1 500 € à 2 000 €",
                    "2 000 € à 3 000 €",
                    "plus de 3 000 €",
                ]
            ),
        ),
        "Commune(s) souhaitée(s)": souhait,
        "Typologie": D("TEXTE", rng.choice(["T1", "T2", "T2", "T3", "T3", "T4", "T5"])),
        "Réservataire": pick(
            rng,
            [
                "ACM Habitat",
                "Hérault Logement",
                "FDI Habitat",
                "Action Logement Services",
                "CCAS de Montpellier",
            ],
            "ORG",
        ),
        "Motif de la demande": s02_motif(rng),
        "Suivi": s02_suivi(rng, p),
    }


# ---------------------------------------------------------------- s03 complaints register
SERVICES = ["Direction de la propreté", "Direction de la voirie", "Police municipale", "Direction des espaces verts",
            "Service tranquillité publique", "TaM – service clients", "Direction de l'éclairage public",
            "Mission accessibilité"]  # fmt: skip
SYNDICS = ["Foncia Montpellier", "Nexity Lamy", "Citya Immobilier", "Syndicat des copropriétaires Le Clos des Oliviers",
           "Copropriété Les Terrasses du Lez", "Cabinet Rouquette Immobilier"]  # fmt: skip


def s03_neutral(rng: random.Random) -> list[Callable[[], list[Part]]]:
    """Sentences any declarant may write: places, events, companies, plates of third persons."""
    return [
        lambda: [
            "Depuis trois semaines les conteneurs ",
            pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
            " débordent.",
        ],
        lambda: [
            "Le véhicule immatriculé ",
            plate(rng),
            " est garé sur le trottoir depuis dix jours.",
        ],
        lambda: [
            "L'éclairage est en panne entre l'arrêt ",
            pick(rng, TRAM, "ARRET_TRAM"),
            " et ",
            *at(rng, "", EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE"),
            ".",
        ],
        lambda: [
            "Lors de l'hommage à ",
            pick(rng, FAMOUS, "PERSONNALITE"),
            " samedi, la place était jonchée de détritus.",
        ],
        lambda: [
            "Le chantier de l'entreprise ",
            pick(rng, ORG_PERSONNES[:15], "ORG_PERSONNE"),
            " (SIRET ",
            siret(rng),
            ") bloque l'accès.",
        ],
        lambda: ["Position exacte : ", *(lambda g: [g[0], ", ", g[1]])(gps(rng)), "."],
        lambda: [
            "Des jeunes font du bruit tous les soirs devant ",
            *at(rng, "", EQUIPEMENTS, "EQUIPEMENT"),
            ".",
        ],
        lambda: ["Le trottoir ", pick(rng, VOIES, "VOIE"), " est impraticable pour les fauteuils."],
        lambda: [
            "Le concert en hommage à ",
            pick(rng, SINGERS, "PERSONNALITE"),
            " ",
            *at(rng, "à", MPT, "EQUIPEMENT_PERSONNE"),
            " a fini à 2 h du matin.",
        ],
        lambda: [
            "Le locataire du rez-de-chaussée, ",
            name(rng, person(rng), rng.choice(["civilité + nom", "civilité + nom complet"])),
            ", stocke des déchets dans la cour.",
        ],
    ]


def s03_personal(rng: random.Random, signer: Person) -> list[Callable[[], list[Part]]]:
    """Sentences about the writer: contact details, family, identifiers."""
    child = person(rng)
    return [
        lambda: [
            "Mon voisin ",
            name(rng, person(rng, "M"), rng.choice(["civilité + nom", "civilité + nom complet"])),
            " dépose ses encombrants devant mon garage.",
        ],
        lambda: [
            "Vous pouvez me joindre au ",
            tel(rng, bad=0.05),
            rng.choice([".", " (après 18h).", ""]),
        ],
        lambda: ["Mon adresse mail : ", email(rng, signer, obf=0.5), "."],
        lambda: ["J'habite au ", adresse(rng, 0.3), f" depuis {rng.randint(1975, 2020)}."],
        lambda: ["Je joins mon RIB pour le remboursement du badge : ", iban(rng), "."],
        lambda: [
            "Ma mère, ",
            name(rng, person(rng, "F"), "civilité + nom complet"),
            ", née le ",
            birth(rng, 1925, 1950, styles=["jj/mm/aaaa", "en lettres"])[0],
            ", ne peut plus sortir de chez elle à cause des travaux.",
        ],
        lambda: [
            "Pour le dossier, mon numéro de sécurité sociale est le ",
            nir(rng, signer.sex),
            ".",
        ],
        lambda: [
            "La ",
            name(rng, person(rng), "famille"),
            " du troisième étage laisse son chien aboyer toute la journée.",
        ],
        lambda: [
            "J'ai déjà signalé le problème à ",
            name(rng, person(rng), "civilité + nom complet"),
            ", gestionnaire chez ",
            D("ORG", rng.choice(["Foncia Montpellier", "Nexity Lamy", "Citya Immobilier"])),
            ", sans résultat.",
        ],
        lambda: [
            ("Mon fils " if child.sex == "M" else "Ma fille "),
            prenom(child),
            " a failli être renversé" + ("e" if child.sex == "F" else "") + " devant ",
            *at(rng, "", SCHOOLS, "EQUIPEMENT_PERSONNE"),
            ".",
        ],
        lambda: ["N° allocataire CAF : ", caf(rng), " (pour la réduction sur l'abonnement)."],
    ]


def s03_signature(rng: random.Random, p: Person) -> list[Part]:
    r = rng.random()
    if r < 0.12:
        return [prenom(p, "signature prénom seul")]
    if r < 0.3:
        return [name(rng, p, rng.choice(["Prénom Nom", "NOM Prénom"])), "\n", tel(rng)]
    return [name(rng, p, rng.choice(["Prénom Nom"] * 3 + ["NOM Prénom", "minuscules", "initiales", "civilité + nom complet", "famille", "majuscules"]))]  # fmt: skip


def s03_text(rng: random.Random, signer: Person, is_org: bool) -> list[Part]:
    nl = "\n" if rng.random() < 0.65 else " "
    out: list[Part] = []
    opening = rng.choice(["Bonjour,", "Madame, Monsieur,", "Monsieur le Maire,", "Bonsoir,", ""])
    if opening:
        out += [opening, nl]
    pool = s03_neutral(rng) + ([] if is_org else s03_personal(rng, signer))
    for k, f in enumerate(rng.sample(pool, rng.randint(1, 3))):
        out += ([" "] if k else []) + f()
    closing = rng.choice(["Merci d'intervenir rapidement.", "Dans l'attente de votre réponse,", "Cordialement,", "Bien à vous,", "Salutations distinguées.", ""])  # fmt: skip
    out += [nl, closing, nl] if closing else [nl]
    if is_org:
        role = rng.choice(["Pour le conseil syndical, ", "Le président, ", "Le gérant : "] if signer.sex == "M" else ["Pour le conseil syndical, ", "La présidente, ", "La gérante : "])  # fmt: skip
        out += [role, name(rng, signer, rng.choice(["Prénom Nom", "civilité + nom complet"]))]
    elif rng.random() < 0.85:
        out += s03_signature(rng, signer)
    return out


def s03_answer(rng: random.Random, p: Person) -> list[Part]:
    return one(
        rng,
        lambda: [
            "Bonjour ",
            name(rng, p, "civilité + nom"),
            ", votre demande a été transmise ",
            *at(rng, "à", SERVICES, "ORG"),
            ".",
        ],
        lambda: [
            "Intervention réalisée le ",
            event_date(rng),
            " ",
            pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
            ".",
        ],
        lambda: ["Le véhicule a été verbalisé puis enlevé par la fourrière."],
        lambda: ["Pour toute question, contactez Allô Mairie au 04 67 34 70 00."],
        lambda: ["Demande transmise au gestionnaire : ", pick(rng, SYNDICS, "ORG"), "."],
        lambda: [
            "L'arrêt ",
            pick(rng, TRAM, "ARRET_TRAM"),
            " sera équipé d'un conteneur supplémentaire.",
        ],
        lambda: ["Réponse envoyée par courrier au ", adresse(rng, 0.9), "."],
        lambda: [
            "Hors compétence : voie privée de la ",
            D("ORG", "Copropriété Les Terrasses du Lez"),
            ".",
        ],
        lambda: [
            "Nettoyage programmé avant la cérémonie d'hommage à ",
            pick(rng, FAMOUS, "PERSONNALITE"),
            ".",
        ],
        lambda: [],
    )


def s03_row(rng: random.Random, i: int) -> dict[str, object]:
    p = person(rng)
    is_org = rng.random() < 0.22
    d = dt.datetime(2024, 1, 1, 8) + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
    when = rng.choice([d.strftime("%Y-%m-%d %H:%M"), d.strftime("%d/%m/%Y %H:%M")])
    if is_org:
        o = (
            pick(rng, SYNDICS, "ORG")
            if rng.random() < 0.5
            else pick(rng, ASSOCS + ASSOCS_PLAIN, "ORG")
        )
        if o.value in ASSOCS:
            o = D("ORG_PERSONNE", o.value)
        contact: object = rng.choice([org_tel(rng), org_email(rng, o.value)])
        decl: object = o
    else:
        r = rng.random()
        contact = (
            tel(rng, bad=0.1)
            if r < 0.5
            else email(rng, p, obf=0.2, bad=0.08)
            if r < 0.85
            else [tel(rng), " / ", email(rng, p)]
        )
        decl = name(rng, p)
    return {
        "Référence": D("CODE", f"REC-2024-{i + 1:05d}"),
        "Reçue le": D("DATE_EVENEMENT", when),
        "Canal": D(
            "TEXTE",
            rng.choice(
                [
                    "Courrier",
                    "Courriel",
                    "Téléphone",
                    "Accueil",
                    "Formulaire web",
                    "Application mobile",
                ]
            ),
        ),
        "Déclarant": decl,
        "Contact": contact,
        "Quartier": pick(rng, QUARTIERS, "TEXTE"),
        "Lieu concerné": place(rng),
        "Thème": D(
            "TEXTE",
            rng.choice(
                [
                    "Propreté",
                    "Stationnement",
                    "Bruit",
                    "Éclairage public",
                    "Voirie",
                    "Espaces verts",
                    "Transports",
                    "Encombrants",
                    "Accessibilité",
                ]
            ),
        ),
        "Texte de la réclamation": s03_text(rng, person(rng) if is_org else p, is_org),
        "Service saisi": pick(rng, SERVICES, "ORG"),
        "Réponse apportée": s03_answer(rng, p)
        if not is_org
        else ["Le gestionnaire a été informé."],
        "Statut": D("TEXTE", rng.choice(["Clôturée", "Clôturée", "En cours", "Transmise"])),
    }


# ---------------------------------------------------------------- s04 funeral notices
FUNERAL = [("Pompes funèbres générales", "ORG"), ("Roc Eclerc", "ORG"), ("Pompes funèbres municipales de Montpellier", "ORG"),
           ("Le Choix Funéraire", "ORG"), ("Pompes funèbres Vidal & Fils", "ORG_PERSONNE"),
           ("Marbrerie Cambon Frères", "ORG_PERSONNE"), ("Pompes funèbres Azaïs-Teissier", "ORG_PERSONNE")]  # fmt: skip
HOSPITALS = [("CHU Lapeyronie", "EQUIPEMENT"), ("Hôpital Arnaud de Villeneuve", "EQUIPEMENT_PERSONNE"),
             ("Hôpital Gui de Chauliac", "EQUIPEMENT_PERSONNE"), ("Clinique du Millénaire", "EQUIPEMENT"),
             ("Clinique Beau Soleil", "EQUIPEMENT"), ("Clinique Saint-Jean", "EQUIPEMENT"), ("EHPAD Les Aubes", "EQUIPEMENT"),
             ("EHPAD Le Grand Chêne", "EQUIPEMENT"), ("Institut du cancer de Montpellier", "EQUIPEMENT"),
             ("Hôpital Saint-Éloi", "EQUIPEMENT"), ("EHPAD Résidence Pierre Bouissou", "EQUIPEMENT_PERSONNE")]  # fmt: skip
FOREIGN_BIRTHPLACES = ["Oran (Algérie)", "Porto (Portugal)", "Tunis (Tunisie)", "Alicante (Espagne)", "Dakar (Sénégal)",
                       "Naples (Italie)", "Casablanca (Maroc)", "Saïgon (Viêt Nam)", "Erevan (Arménie)"]  # fmt: skip


def s04_avis(rng: random.Random, dead: Person, age: int, died: dt.date) -> list[Part]:
    out: list[Part] = []
    r = rng.random()
    if r < 0.45:
        spouse = person(rng, "F" if dead.sex == "M" else "M")
        a, b = distinct_people(rng, 2)
        while (
            spouse.first in (a.first, b.first) or a.first in spouse.first or b.first in spouse.first
        ):
            a, b = distinct_people(rng, 2)
        out += ["Son épouse " if dead.sex == "M" else "Son époux ", prenom(spouse), ", ses enfants ", prenom(a), " et ", prenom(b), ", ses petits-enfants"]  # fmt: skip
    elif r < 0.75:
        out += ["Ses enfants ", name(rng, person(rng, last=dead.last), "couple"), " et ", name(rng, person(rng), "couple"), ", ses petits-enfants et arrière-petits-enfants"]  # fmt: skip
    else:
        out += ["La ", name(rng, person(rng, last=dead.last), "famille"), " et ses proches"]
    out += [rng.choice([" ont la tristesse de vous faire part du décès de ", " ont la douleur de vous annoncer le décès de "]),
            name(rng, dead, rng.choice(["civilité + nom complet", "civilité + nom complet", "épouse / née", "Prénom Nom"])),
            ", survenu le ", D("DATE_EVENEMENT", f"{died.day} {MONTHS[died.month - 1]} {died.year}"), f" à l'âge de {age} ans. "]  # fmt: skip
    funeral = died + dt.timedelta(days=rng.randint(3, 9))
    out += one(
        rng,
        lambda: [
            "La cérémonie religieuse sera célébrée le ",
            D("DATE_EVENEMENT", f"{funeral.day} {MONTHS[funeral.month - 1]} {funeral.year}"),
            " à ",
            pick(rng, CHURCHES, "EQUIPEMENT"),
            ", suivie de l'inhumation au ",
            pick(rng, CEMETERIES, "EQUIPEMENT"),
            ". ",
        ],
        lambda: [
            "Les obsèques civiles auront lieu au crématorium de Grammont le ",
            D("DATE_EVENEMENT", funeral.strftime("%d/%m/%Y")),
            ". ",
        ],
        lambda: [
            "Un hommage lui sera rendu ",
            *at(rng, "à", MPT, "EQUIPEMENT_PERSONNE"),
            ", où " + ("il" if dead.sex == "M" else "elle") + " fut bénévole trente ans. ",
        ],
    )
    out += one(
        rng,
        lambda: [
            "Ni fleurs ni couronnes ; dons à la ",
            D("ORG", "Ligue contre le cancer – comité de l'Hérault"),
            ". ",
        ],
        lambda: ["Dons ", *at(rng, "à", ASSOCS, "ORG_PERSONNE"), ". "],
        lambda: [],
    )
    out += one(
        rng,
        lambda: [
            "Condoléances : ",
            name(rng, person(rng, last=dead.last), "famille"),
            ", ",
            adresse(rng, 0.9),
            ".",
        ],
        lambda: ["Registre de condoléances en ligne."],
        lambda: ["Contact de la famille : ", tel(rng), "."],
        lambda: ["Cet avis tient lieu de faire-part."],
        lambda: [
            "Pensées à ",
            name(rng, person(rng), "Prénom Nom"),
            ", " + rng.choice(["son ami de toujours", "sa fidèle voisine"]) + ".",
        ],
    )
    return out


def s04_row(rng: random.Random, i: int) -> dict[str, object]:
    dead = person(rng)
    dob, born = birth(
        rng, 1922, 1965, bad=0.05, styles=["jj/mm/aaaa"] * 6 + ["en lettres", "aaaa-mm-jj"]
    )
    died = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    age = died.year - born.year - ((died.month, died.day) < (born.month, born.day))
    rel = person(rng, last=dead.last if rng.random() < 0.6 else None)
    op, opk = rng.choice(FUNERAL)
    decl: object = D(opk, op) if rng.random() < 0.3 else [name(rng, rel, rng.choice(["Prénom Nom", "NOM Prénom", "civilité + nom complet"])), " (", rng.choice(KIN[rel.sex]), ")"]  # fmt: skip
    r = rng.random()
    lieu: object = D(*reversed(rng.choice(HOSPITALS))) if r < 0.7 else "Domicile"
    bp: object = (
        D("COMMUNE", commune(rng, 0.4)[0])
        if rng.random() < 0.7
        else rng.choice(FOREIGN_BIRTHPLACES)
    )
    domicile: object = adresse(rng, 0.9) if rng.random() < 0.8 else pick(rng, ["EHPAD Les Aubes", "EHPAD Le Grand Chêne"], "EQUIPEMENT")  # fmt: skip
    return {
        "N° d'acte": D("CODE", f"2024-D-{i + 1:04d}"),
        "Date du décès": D("DATE_EVENEMENT", died.strftime("%d/%m/%Y")),
        "Lieu du décès": lieu,
        "Commune du décès": D("COMMUNE", commune(rng, 0.05)[0]),
        "Défunt(e)": name(
            rng,
            dead,
            rng.choice(
                [
                    "civilité + nom complet",
                    "NOM Prénom",
                    "épouse / née",
                    "majuscules",
                    "NOM, Prénom",
                ]
            ),
        ),
        "Né(e) le": dob,
        "Lieu de naissance": bp,
        "Dernier domicile": domicile,
        "Déclarant": decl,
        "Opérateur funéraire": D(opk, op),
        "Cimetière": pick(rng, CEMETERIES, "EQUIPEMENT")
        if rng.random() < 0.75
        else D("EQUIPEMENT", "Crématorium de Grammont"),
        "Concession": D(
            "CODE",
            f"Carré {rng.randint(1, 40)} – Allée {rng.randint(1, 12)} – N° {rng.randint(1, 250):03d}",
        ),
        "Avis": s04_avis(rng, dead, age, died),
    }


# ---------------------------------------------------------------- s05 elected officials' declarations
def s05_objet(rng: random.Random, nature: str, x: Person) -> list[Part]:
    if nature == "Cadeau":
        return one(
            rng,
            lambda: [
                "Coffret de vins offert par le ",
                D("ORG_PERSONNE", "Domaine Jean-Louis Pradal"),
                " lors de l'inauguration de ",
                *at(rng, "", EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE"),
                ".",
            ],
            lambda: [
                "Ouvrage dédicacé remis par ",
                name(rng, x, "civilité + nom complet"),
                ", auteur"
                + ("e" if x.sex == "F" else "")
                + " local"
                + ("e" if x.sex == "F" else "")
                + ", au salon du livre.",
            ],
            lambda: ["Panier garni offert par ", org(rng, 0.7), " (valeur estimée ci-contre)."],
        )
    if nature == "Invitation":
        return one(
            rng,
            lambda: [
                "Invitation au match du ",
                D("ORG", rng.choice(["Montpellier Hérault Rugby", "Montpellier Handball"])),
                " offerte par ",
                org(rng, 0.6),
                ".",
            ],
            lambda: [
                "Dîner de gala de la ",
                D("ORG", "Ligue contre le cancer – comité de l'Hérault"),
                " ; accompagné(e) de ",
                name(rng, x, rng.choice(["Prénom Nom", "civilité + nom complet"])),
                ".",
            ],
            lambda: [
                "Avant-première au ",
                D("EQUIPEMENT", "Cinéma Diagonal"),
                " du film consacré à ",
                pick(rng, FAMOUS, "PERSONNALITE"),
                ".",
            ],
        )
    if nature == "Déport":
        return one(
            rng,
            lambda: [
                "Déport lors de la délibération n° ",
                D("CODE", f"2024-{rng.randint(1, 450):03d}"),
                " attribuant une subvention de ",
                money(rng, 500, 40000, False),
                " € ",
                *at(rng, "à", ASSOCS, "ORG_PERSONNE"),
                ", présidée par " + ("sa belle-sœur " if x.sex == "F" else "son beau-frère "),
                name(rng, x, rng.choice(["civilité + nom complet", "Prénom Nom"])),
                ".",
            ],
            lambda: [
                "Déport : la ",
                D("ORG", "SCI Les Oliviers du Lez"),
                ", dont " + ("sa conjointe " if x.sex == "F" else "son conjoint "),
                name(rng, x, "Prénom Nom"),
                " est "
                + ("gérante" if x.sex == "F" else "gérant")
                + ", est candidate à l'achat d'une parcelle ",
                pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
                ".",
            ],
            lambda: [
                "Déport sur le marché de travaux ",
                *at(rng, "de", EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE"),
                " (entreprise ",
                D(
                    "ORG_PERSONNE",
                    rng.choice(["Menuiserie Pujol & Fils", "SAS Transports Ferrand-Lacombe"]),
                ),
                ").",
            ],
        )
    return one(
        rng,
        lambda: [
            "Membre du conseil d'administration ",
            *at(rng, "de", ASSOCS, "ORG_PERSONNE"),
            " (bénévole, non rémunéré).",
        ],
        lambda: [
            "Participation au jury du prix ",
            pick(rng, PAINTERS, "PERSONNALITE"),
            " organisé par le ",
            D("ORG_PERSONNE", "Cercle Frédéric Bazille"),
            ".",
        ],
        lambda: [
            "Parts sociales dans la ",
            D("ORG", "Coopérative des vignerons de Saint-Georges"),
            " (SIRET ",
            siret_of("Coopérative des vignerons de Saint-Georges"),
            ").",
        ],
    )


def s05_row(rng: random.Random, i: int) -> dict[str, object]:
    k = rng.randrange(len(ELUS))
    sex, elu = ELUS[k]
    fonction = "Maire" if k == 0 else ELU_FONCTIONS[k % len(ELU_FONCTIONS)][sex == "F"]
    nature = rng.choice(["Cadeau", "Invitation", "Déport", "Intérêt"])
    x = person(rng)
    conj: object = ""
    if rng.random() < 0.7:
        conj = name(rng, person(rng, "M" if sex == "F" else "F"), rng.choice(["Prénom Nom", "NOM Prénom", "civilité + nom complet", "Nom Prénom"]))  # fmt: skip
    objet = s05_objet(rng, nature, x)
    named = [d for d in objet if isinstance(d, D) and d.kind in ("ORG", "ORG_PERSONNE")]
    return {
        "Élu(e)": D("ELU", elu, ("policy",)),
        "Fonction": D("TEXTE", fonction),
        "Groupe": D("TEXTE", GROUPES[k % len(GROUPES)]),
        "Date de la déclaration": event_date(rng, 2023, 2025, "iso"),
        "Nature": D("TEXTE", nature),
        "Objet de la déclaration": objet,
        "Organisme concerné": D(named[-1].kind, named[-1].value) if named else org(rng, 0.5),
        "Valeur estimée (€)": money(rng, 20, 400) if nature in ("Cadeau", "Invitation") else "",
        "Conjoint ou partenaire": conj,
        "Activité du conjoint": D(
            "TEXTE",
            rng.choice(
                [
                    "Gérant de société",
                    "Médecin libéral",
                    "Enseignant",
                    "Sans objet",
                    "Retraité",
                    "Agent territorial",
                ]
            ),
        )
        if conj
        else "",
        "Suite donnée": D(
            "TEXTE",
            rng.choice(
                ["Accepté", "Refusé", "Remis au CCAS", "Déclaré à la commission de déontologie"]
            ),
        ),
    }


# ---------------------------------------------------------------- s06 market-stall permits (Parquet)
MARKETS = [("Marché des Arceaux", "EQUIPEMENT"), ("Marché Plan Cabanes", "EQUIPEMENT"), ("Marché de la Paillade", "EQUIPEMENT"),
           ("Marché Antigone", "EQUIPEMENT"), ("Marché de Celleneuve", "EQUIPEMENT"), ("Marché Gambetta", "EQUIPEMENT_PERSONNE"),
           ("Marché Jean Jaurès", "EQUIPEMENT_PERSONNE"), ("Marché paysan place Albert 1er", "EQUIPEMENT_PERSONNE"),
           ("Halles Laissac", "EQUIPEMENT_PERSONNE"), ("Marché du Lez", "EQUIPEMENT"), ("Marché de Lattes centre", "EQUIPEMENT"),
           ("Marché Frédéric Bazille", "EQUIPEMENT_PERSONNE")]  # fmt: skip
TRADERS = [("SARL Primeurs Benhaddou", "ORG_PERSONNE", "SARL"), ("Pizzeria Chez Giuseppe", "ORG_PERSONNE", "SARL"),
           ("Boulangerie Maison Roucayrol", "ORG_PERSONNE", "SAS"), ("EURL Fleurs Marie-Jo", "ORG_PERSONNE", "EURL"),
           ("Fromagerie Lucien Bardou", "ORG_PERSONNE", "SARL"), ("Domaine Jean-Louis Pradal", "ORG_PERSONNE", "EARL"),
           ("Traiteur Nadia Benali SAS", "ORG_PERSONNE", "SAS"), ("Boucherie Gérard Cambon", "ORG_PERSONNE", "SARL"),
           ("Charcuterie Maison Azaïs", "ORG_PERSONNE", "SAS"), ("Épicerie Chez Fatou", "ORG_PERSONNE", "EURL"),
           ("SAS Occitanie Primeurs", "ORG", "SAS"), ("SARL Les Délices du Lez", "ORG", "SARL"),
           ("EARL Mas des Vignes Blanches", "ORG", "EARL"), ("GAEC des Jardins de Lavalette", "ORG", "GAEC"),
           ("SARL Boulangerie du Plan Cabanes", "ORG", "SARL"), ("Coopérative des vignerons de Saint-Georges", "ORG", "SCA"),
           ("Banque alimentaire de l'Hérault", "ORG", "Association")]  # fmt: skip
BUSINESS_STREETS = ["ZAC du Salaison, rue de la Jasse", "ZA La Lauze, rue de la Castelle", "Parc Eurêka, rue Ampère",
                    "ZAE de la Garrigue, chemin des Artisans", "Marché d'intérêt national, route de Lattes"]  # fmt: skip


def s06_obs(rng: random.Random) -> list[Part]:
    if rng.random() < 0.4:
        return []
    x = person(rng)
    return one(
        rng,
        lambda: [
            "Remplaçant"
            + ("e" if x.sex == "F" else "")
            + " autorisé"
            + ("e" if x.sex == "F" else "")
            + " : ",
            name(rng, x, rng.choice(["Prénom Nom", "NOM Prénom", "civilité + nom complet"])),
            ".",
        ],
        lambda: ["Véhicule de remplacement ", plate(rng), " déclaré le ", event_date(rng), "."],
        lambda: ["Stand tenu le samedi par son fils ", prenom(person(rng, "M")), "."],
        lambda: [
            "Emplacement n° ",
            D("CODE", f"{rng.randint(1, 80):02d}"),
            " face ",
            *at(rng, "à", EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE"),
            ".",
        ],
        lambda: ["Attestation d'assurance au nom de ", name(rng, x), " à fournir."],
        lambda: ["Ancien titulaire : ", D(*reversed(rng.choice(TRADERS)[:2])), "."],
        lambda: ["En cas d'absence, prévenir au ", tel(rng), "."],
        lambda: [
            "Vend les vins de la ",
            D("ORG", "Coopérative des vignerons de Saint-Georges"),
            ".",
        ],
        lambda: ["Livraisons ", pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"), " avant 7 h."],
    )


def s06_row(rng: random.Random, i: int) -> dict[str, object]:
    is_org = rng.random() < 0.45
    p = person(rng)
    m, mk = rng.choice(MARKETS)
    lat, lon = round(rng.uniform(43.56, 43.66), 6), round(rng.uniform(3.82, 3.94), 6)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    row: dict[str, object] = {
        "N° d'autorisation": D("CODE", f"AOT-2024-{i + 1:04d}"),
        "Marché": D(mk, m),
        "Jours": D(
            "TEXTE",
            rng.choice(
                ["Mardi", "Samedi", "Mardi et samedi", "Du mardi au dimanche", "Dimanche matin"]
            ),
        ),
        "Activité": D(
            "TEXTE",
            rng.choice(
                [
                    "Primeur",
                    "Fromages",
                    "Boucherie",
                    "Fleurs",
                    "Olives et tapenades",
                    "Miel",
                    "Vêtements",
                    "Poissonnerie",
                    "Rôtisserie",
                    "Épices",
                    "Produits bio",
                    "Bijoux artisanaux",
                    "Vins du Languedoc",
                ]
            ),
        ),
        "Métrage (ml)": D("MONTANT", str(rng.randint(4, 24) / 2)),
        "Redevance annuelle (€)": D("MONTANT", str(round(rng.uniform(150, 2400), 2))),
        "Date de délivrance": D("DATE_EVENEMENT", day.isoformat()),
        "Latitude": D("GPS", str(lat)),
        "Longitude": D("GPS", str(lon)),
        "Observations": s06_obs(rng),
    }
    if is_org:
        o, ok, statut = rng.choice(TRADERS)
        h = random.Random(o)  # one address and contact per company
        cn, cp, _ = commune(h, 0.2)
        row |= {
            "Titulaire": D(ok, o),
            "Statut juridique": D("TEXTE", statut),
            "SIRET": siret_of(o),
            "Adresse du titulaire": D(
                "ORG_ADRESSE", f"{h.randint(1, 90)} {h.choice(BUSINESS_STREETS)}, {cp} {cn}"
            ),
            "Téléphone": org_tel(h),
            "Courriel": org_email(h, o),
            "Véhicule": f"{rng.choice(SIV)}{rng.choice(SIV)}-{rng.randint(100, 999)}-{rng.choice(SIV)}{rng.choice(SIV)}",
        }
    else:
        row |= {
            "Titulaire": name(
                rng,
                p,
                rng.choice(
                    [
                        "NOM Prénom",
                        "NOM Prénom",
                        "Prénom Nom",
                        "civilité + nom complet",
                        "majuscules",
                        "NOM, Prénom",
                    ]
                ),
            ),
            "Statut juridique": D(
                "TEXTE",
                rng.choice(
                    ["Micro-entrepreneur", "Entreprise individuelle", "Exploitant agricole"]
                ),
            ),
            "SIRET": siret(rng),
            "Adresse du titulaire": adresse(rng, 0.9),
            "Téléphone": tel(rng, bad=0.1),
            "Courriel": email(rng, p, bad=0.08),
            "Véhicule": plate(rng),
        }
    return row


# ---------------------------------------------------------------- s07 volunteers
def s07_comment(rng: random.Random, p: Person) -> list[Part]:
    if rng.random() < 0.35:
        return []
    x = person(rng)
    son = person(rng, "M")
    return one(
        rng,
        lambda: ["binôme avec ", name(rng, x, "minuscules"), " le samedi matin"],
        lambda: [
            "a remplacé ",
            name(rng, x, rng.choice(["NOM Prénom", "majuscules"])),
            " à la distribution",
        ],
        lambda: [
            "contact via son fils ",
            P("PRENOM", son.first.lower(), "prénom seul minuscules", (), (son.first,), son.rare),
        ],
        lambda: [
            "formation PSC1 faite le ",
            event_date(rng),
            " ",
            *at(rng, "à", MPT, "EQUIPEMENT_PERSONNE"),
        ],
        lambda: ["ne souhaite pas être pris(e) en photo"],
        lambda: ["vient en tram (arrêt ", pick(rng, TRAM, "ARRET_TRAM"), ")"],
        lambda: ["attestation de bénévolat envoyée à ", email(rng, p, obf=0.3)],
        lambda: ["HABITE ", adresse(rng, 0.5), " – PEUT STOCKER DU MATÉRIEL"],
        lambda: ["orienté(e) par ", *at(rng, "", ASSOCS, "ORG_PERSONNE")],
    )


def s07_row(rng: random.Random, i: int) -> dict[str, object]:
    p = person(rng)
    style = rng.choice(
        ["minuscules"] * 4 + ["majuscules"] * 4 + ["NOM Prénom", "Nom Prénom", "Prénom Nom"]
    )
    nm = name(rng, p, style)
    if style == "minuscules" and rng.random() < 0.3:
        nm = P(
            "NOM", f"{p.last}, {p.first}".lower(), "minuscules, virgule", nm.must, nm.strict, p.rare
        )
    rel = person(rng, last=p.last if rng.random() < 0.5 else None)
    prev: object = ""
    if rng.random() < 0.8:
        prev = [name(rng, rel, rng.choice(["minuscules", "majuscules", "civilité + nom complet", "Prénom Nom"])), " (", rng.choice(REL[rel.sex]), ") ", tel(rng)]  # fmt: skip
    veh: object = rng.choice(
        ["Non", "Oui (sans véhicule)", ["Oui – ", plate(rng)], ["Oui – ", plate(rng)]]
    )
    return {
        "Bénévole": nm,
        "Né(e) le": birth(
            rng,
            1940,
            2006,
            bad=0.08,
            styles=["jj/mm/aaaa"] * 6 + ["en lettres", "jj/mm/aa", "jj.mm.aaaa"],
        )[0],
        "Tél.": tel(rng, bad=0.1),
        "Mail": email(rng, p, bad=0.08, obf=0.05),
        "Association": pick(rng, ASSOCS, "ORG_PERSONNE")
        if rng.random() < 0.45
        else pick(rng, ASSOCS_PLAIN, "ORG"),
        "Mission": D(
            "TEXTE",
            rng.choice(
                [
                    "Distribution alimentaire",
                    "Maraude",
                    "Aide aux devoirs",
                    "Accueil",
                    "Collecte",
                    "Atelier vélo",
                    "Visites aux personnes âgées",
                    "Cours de français",
                ]
            ),
        ),
        "Lieu d'intervention": rng.choice(
            [
                pick(rng, EQUIP_PERSONNES, "EQUIPEMENT_PERSONNE"),
                pick(rng, EQUIPEMENTS, "EQUIPEMENT"),
            ]
        ),
        "Disponibilités": D(
            "TEXTE",
            rng.choice(
                [
                    "Samedi matin",
                    "Mercredi après-midi",
                    "Week-end",
                    "Soirs de semaine",
                    "Vacances scolaires",
                ]
            ),
        ),
        "Permis / véhicule": veh,
        "Personne à prévenir": prev,
        "Commentaire": s07_comment(rng, p),
        "Inscrit(e) le": event_date(rng, 2018, 2024, "fr"),
    }


# ---------------------------------------------------------------- s08 citizen survey (quasi-identifiers)
def s08_comment(rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.45:
        return []
    if r < 0.82:
        return one(
            rng,
            lambda: [
                "Plus d'ombre ",
                pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
                ", on y cuit l'été.",
            ],
            lambda: [
                "Le tram est bondé entre ",
                pick(rng, TRAM, "ARRET_TRAM"),
                " et ",
                pick(rng, TRAM, "ARRET_TRAM"),
                ".",
            ],
            lambda: [
                "Bravo pour l'exposition ",
                pick(rng, PAINTERS, "PERSONNALITE"),
                " au ",
                D("EQUIPEMENT_PERSONNE", "Musée Fabre"),
                ".",
            ],
            lambda: [
                "Horaires ",
                *at(rng, "de", EQUIP_PERSONNES[:6], "EQUIPEMENT_PERSONNE"),
                " trop courts le samedi.",
            ],
            lambda: ["Merci aux bénévoles ", *at(rng, "de", ASSOCS, "ORG_PERSONNE"), "."],
            lambda: ["Rien à signaler."],
        )
    p = person(rng)
    return one(
        rng,
        lambda: [
            "Je suis ",
            name(rng, p, rng.choice(["civilité + nom complet", "Prénom Nom"])),
            ", joignable au ",
            tel(rng),
            " pour en parler.",
        ],
        lambda: ["Contactez-moi : ", email(rng, p, obf=0.4), "."],
        lambda: [
            "Mon voisin ",
            name(rng, person(rng, "M"), "civilité + nom"),
            " fait du bruit toutes les nuits.",
        ],
        lambda: ["J'habite ", adresse(rng, 0.2), ", les trottoirs sont défoncés."],
        lambda: [
            "Signé : ",
            name(rng, p, rng.choice(["minuscules", "NOM Prénom", "initiales"])),
            ".",
        ],
    )


def s08_row(rng: random.Random, i: int) -> dict[str, object]:
    age = rng.choice(
        [
            rng.randint(18, 29),
            rng.randint(30, 49),
            rng.randint(30, 49),
            rng.randint(50, 64),
            rng.randint(65, 94),
        ]
    )
    sexe = rng.choice(["Femme", "Homme"])
    if age >= 65 and rng.random() < 0.85:
        pair = ("Retraité", "Retraitée")
    elif age < 25 and rng.random() < 0.6:
        pair = ("Étudiant", "Étudiante")
    else:
        pair = rng.choice(PROFESSIONS)
    prof = pair[sexe == "Femme"]
    foyer = rng.choice(["Personne seule", "Personne seule", "Couple sans enfant", "Couple avec 1 enfant", "Couple avec 2 enfants",
                        "Couple avec 3 enfants ou plus", "Famille monoparentale", "Colocation", "Autre"])  # fmt: skip
    d = dt.date(2024, 9, 1) + dt.timedelta(days=rng.randint(0, 60))
    nonqi = {
        "Date de réponse": d.strftime("%d/%m/%Y"),
        "Mode de déplacement principal": rng.choice(
            ["Tramway", "Bus", "Vélo", "Voiture", "Marche", "Trottinette", "Covoiturage"]
        ),
        "Note propreté (1 à 5)": str(rng.randint(1, 5)),
        "Note transports (1 à 5)": str(rng.randint(1, 5)),
        "Note sécurité (1 à 5)": str(rng.randint(1, 5)),
        "Priorité pour le quartier": rng.choice(
            [
                "Plus d'arbres et d'ombre",
                "Pistes cyclables",
                "Propreté",
                "Commerces de proximité",
                "Tranquillité",
                "Stationnement",
                "Équipements sportifs",
            ]
        ),
    }
    row: dict[str, object] = {c: (D("NON_QI", v) if i % 5 == 0 else v) for c, v in nonqi.items()}
    return row | {
        "N° questionnaire": f"Q{i + 1:05d}",
        "Âge": str(age),
        "Sexe": sexe,
        "Commune": commune(rng, 0.0)[0],
        "Profession": prof,
        "Composition du foyer": foyer,
        "Ancienneté dans la commune": rng.choice(
            ["moins de 2 ans", "2 à 5 ans", "5 à 10 ans", "plus de 10 ans"]
        ),
        "Commentaire libre": s08_comment(rng),
    }


# ---------------------------------------------------------------- s09 clean facilities / events
FACILITY_KINDS = {"Médiathèque": "Médiathèque", "Piscine": "Piscine", "Stade": "Équipement sportif", "Palais": "Équipement sportif",
                  "Gymnase": "Équipement sportif", "Patinoire": "Équipement sportif", "École": "École", "Groupe": "École",
                  "Collège": "Collège", "Lycée": "Lycée", "Maison": "Maison pour tous", "Musée": "Musée",
                  "Théâtre": "Salle de spectacle", "Opéra": "Salle de spectacle", "Zénith": "Salle de spectacle",
                  "Salle": "Salle municipale", "Espace": "Salle municipale", "Hôpital": "Santé", "Centre": "Équipement culturel",
                  "Halles": "Marché couvert", "Halle": "Tiers-lieu", "Parc": "Parc et jardin", "Jardin": "Parc et jardin"}  # fmt: skip
FACILITIES = [e for e in EQUIP_PERSONNES if not e.startswith("Hôpital")]
VILLAGE_STREETS = [("place de la Mairie", "VOIE"), ("avenue de la Gare", "VOIE"), ("rue de l'Église", "VOIE"),
                   ("allée des Sports", "VOIE"), ("chemin de la Poste", "VOIE"), ("rue Jean Moulin", "VOIE_PERSONNE"),
                   ("avenue Jean Jaurès", "VOIE_PERSONNE"), ("rue Victor Hugo", "VOIE_PERSONNE"),
                   ("place Charles de Gaulle", "VOIE_PERSONNE"), ("boulevard Louis Pasteur", "VOIE_PERSONNE")]  # fmt: skip


def s09_event(rng: random.Random) -> list[Part]:
    return one(
        rng,
        lambda: ["Exposition « ", pick(rng, PAINTERS, "PERSONNALITE"), " et ses amis »"],
        lambda: ["Hommage à ", pick(rng, FAMOUS, "PERSONNALITE")],
        lambda: ["Lecture : ", pick(rng, WRITERS, "PERSONNALITE"), ", textes choisis"],
        lambda: ["Concert : chansons de ", pick(rng, SINGERS, "PERSONNALITE")],
        lambda: ["Atelier numérique"],
        lambda: ["Tournoi organisé par ", *at(rng, "", ASSOCS, "ORG_PERSONNE")],
        lambda: ["Conférence « Le Montpellier de ", pick(rng, LOCALS, "PERSONNALITE"), " »"],
        lambda: [],
    )


def s09_row(rng: random.Random, i: int) -> dict[str, object]:
    eq = (
        pick(rng, FACILITIES, "EQUIPEMENT_PERSONNE")
        if rng.random() < 0.75
        else pick(rng, EQUIPEMENTS, "EQUIPEMENT")
    )
    kind = next((v for k, v in FACILITY_KINDS.items() if eq.value.startswith(k)), "Équipement")
    h = random.Random(
        eq.value + (str(i % 3) if kind == "École" else "")
    )  # one address (a school name: up to three)
    if kind == "École" and h.random() < 0.5:
        cn, cp, insee = h.choice(COMMUNES_3M[1:])
        voie = D(*reversed(h.choice(VILLAGE_STREETS)))
    else:
        cn, cp, insee = COMMUNES_3M[0][0], h.choice(MTP_POSTCODES), COMMUNES_3M[0][2]
        voie = (
            pick(h, VOIES_PERSONNES, "VOIE_PERSONNE")
            if h.random() < 0.65
            else pick(h, VOIES, "VOIE")
        )
    lat, lon = gps(h)
    box = slug(eq.value).replace("-", ".", 1)
    mail = D(
        "ORG_EMAIL",
        f"{box}@montpellier3m.fr" if cn == "Montpellier" else f"accueil@ville-{slug(cn)}.fr",
    )
    gest = (
        D("ORG", "Montpellier Méditerranée Métropole")
        if cn == "Montpellier"
        else D("ORG", f"Commune de {cn}")
    )
    if kind == "Maison pour tous" and h.random() < 0.4:
        gest = pick(h, ASSOCS, "ORG_PERSONNE")
    return {
        "Identifiant": D("CODE", f"{i * 7 + 3:06d}"),
        "Catégorie": D("TEXTE", kind),
        "Nom": eq,
        "Adresse": [f"{h.randint(1, 250)} ", voie],
        "Code postal": D("CODE", cp),
        "Commune": D("COMMUNE", cn),
        "Code INSEE": D("CODE", insee),
        "Quartier": pick(h, QUARTIERS, "TEXTE") if cn == "Montpellier" else "",
        "Arrêt le plus proche": pick(h, TRAM, "ARRET_TRAM")
        if cn == "Montpellier" or h.random() < 0.3
        else "",
        "Événement à l'affiche": s09_event(rng),
        "Date de l'événement": event_date(rng, 2025, 2025, rng.choice(["fr", "iso"])),
        "Horaires": D(
            "TEXTE",
            h.choice(
                [
                    "Mar.-Sam. 10h-18h",
                    "Lun.-Ven. 8h30-17h30",
                    "Tous les jours 9h-19h",
                    "Sur réservation",
                ]
            ),
        ),
        "Téléphone": org_tel(h),
        "Courriel": mail,
        "Gestionnaire": gest,
        "SIRET gestionnaire": siret_of(gest.value),
        "Capacité": D("MONTANT", str(h.choice([30, 50, 80, 120, 250, 400, 1200, 15000]))),
        "Latitude": lat,
        "Longitude": lon,
        "Accès PMR": D("TEXTE", h.choice(["Oui", "Oui", "Non", "Partiel"])),
    }


# ---------------------------------------------------------------- s10 direct-debit mandates
FOREIGN_BANKS = {
    "ES": ("Banco Santander", "BSCHESMMXXX"),
    "BE": ("KBC Bank", "KREDBEBBXXX"),
    "DE": ("Deutsche Bank", "DEUTDEFFXXX"),
}


def s10_comment(rng: random.Random) -> list[Part]:
    if rng.random() < 0.35:
        return []
    x = person(rng)
    return one(
        rng,
        lambda: ["Nouveau RIB reçu le ", event_date(rng), " : ", iban(rng), "."],
        lambda: ["Compte joint ", name(rng, x, "couple"), "."],
        lambda: [
            "Rejet de prélèvement le ",
            event_date(rng),
            " – relance par courrier au ",
            adresse(rng, 0.8),
            ".",
        ],
        lambda: [
            "Titulaire décédé, mandat repris par sa fille ",
            name(rng, person(rng, "F"), "Prénom Nom"),
            " (",
            tel(rng),
            ").",
        ],
        lambda: ["Allocataire CAF n° ", caf(rng), " – tarif social appliqué."],
        lambda: ["Prise en charge partielle par le ", D("ORG", "CCAS de Montpellier"), "."],
        lambda: [
            "Agence ",
            pick(rng, VOIES_PERSONNES, "VOIE_PERSONNE"),
            " fermée : domiciliation transférée.",
        ],
        lambda: ["Changement de titulaire : ", name(rng, person(rng, "F"), "épouse / née"), "."],
        lambda: ["Confirmation envoyée à ", email(rng, x, obf=0.25), "."],
        lambda: [
            "Titulaire né" + ("e" if x.sex == "F" else "") + " le ",
            birth(rng, 1950, 1995)[0],
            " – vérifier l'identité.",
        ],
    )


def s10_row(rng: random.Random, i: int) -> dict[str, object]:
    p = person(rng)
    code, bank, bic = rng.choice(BANKS)
    account = iban(rng, bad=0.15, foreign=0.08, bank=code)
    if account.variant.startswith("étranger"):
        bank, bic = FOREIGN_BANKS[account.variant[-2:]]
    kids = distinct_people(rng, rng.choice([1, 1, 2, 2, 3]))
    enfants: list[Part]
    if rng.random() < 0.2:
        enfants = [name(rng, person(rng, last=p.last), rng.choice(["Prénom Nom", "NOM Prénom"]))]
    else:
        enfants = []
        for k, kid in enumerate(kids):
            if k:
                enfants.append(", " if k < len(kids) - 1 else " et ")
            enfants.append(prenom(kid, "liste de prénoms"))
    return {
        "RUM": D("CODE", f"MTP-{rng.choice(['RS', 'CRR', 'ALSH', 'PIS'])}-{i + 1:07d}"),
        "Date de signature": event_date(rng, 2021, 2024, "fr"),
        "Service": D(
            "TEXTE",
            rng.choice(
                [
                    "Restauration scolaire",
                    "Conservatoire à rayonnement régional",
                    "Accueil de loisirs",
                    "Piscines – abonnement",
                    "Crèche municipale",
                ]
            ),
        ),
        "Titulaire du compte": name(
            rng,
            p,
            rng.choice(
                [
                    "NOM Prénom",
                    "NOM Prénom",
                    "civilité + nom complet",
                    "majuscules",
                    "couple",
                    "Prénom Nom",
                ]
            ),
        ),
        "Adresse de facturation": adresse(rng, 0.95),
        "IBAN": account,
        "BIC": D("CODE", bic),
        "Banque": D("ORG", bank),
        "Enfant(s) concerné(s)": enfants,
        "Échéancier": D(
            "TEXTE", rng.choice(["Mensuel – le 5", "Mensuel – le 10", "Trimestriel", "Annuel"])
        ),
        "Montant mensuel (€)": money(rng, 8, 320),
        "Commentaire": s10_comment(rng),
    }


# ---------------------------------------------------------------- cases, policies
POLICIES = {
    "p01_cantine.yaml": """version: 1
description: Inscriptions à la restauration scolaire – publication par école et par tarif
columns:
  "Nom de l'enfant": redact
  "Prénom de l'enfant": redact
  "Date de naissance": "generalize:year"
  "Responsable légal": redact
  "Téléphone": drop
  "Courriel": drop
  "N° allocataire CAF": drop
  "Allergies / PAI": mask_text
  "Observations": mask_text
  "École": keep
  "Quotient familial": keep
default: auto
""",
    "p03_reclamations.yaml": """version: 1
description: Registre des réclamations – les déclarants personnes physiques sont masqués
columns:
  "Déclarant": redact_natural_persons
  "Texte de la réclamation": mask_text
  "Réponse apportée": mask_text
  "Lieu concerné": keep
  "Service saisi": keep
default: auto
""",
    "p05_declarations_elus.yaml": """version: 1
description: Déclarations de cadeaux, invitations et déports des élus (publication légale)
public_columns: ["Élu(e)", "Fonction", "Groupe"]
columns:
  "Élu(e)": keep
  "Conjoint ou partenaire": redact
  "Objet de la déclaration": mask_text
  "Organisme concerné": keep
  "Adresse personnelle de l'élu": drop
default: auto
""",
    "p06_marches.yaml": """version: 1
columns:
  "Titulaire": redact_natural_persons
  "Véhicule": drop
  "Observations": mask_text
  "SIRET": keep
  "Marché": keep
default: auto
""",
    "p08_enquete.yaml": """version: 1
description: Enquête de satisfaction des habitants 2024 – réponses individuelles
columns:
  "Âge": "generalize:age_band"
  "Profession": generalize
  "Commentaire libre": mask_text
  "N° questionnaire": drop
default: auto
quasi_identifiers: ["Âge", "Sexe", "Commune", "Profession", "Composition du foyer"]
k: 5
""",
    "p10_mandats.yaml": """version: 1
description: Mandats de prélèvement SEPA des services municipaux
columns:
  "Titulaire du compte": pseudonymize
  "IBAN": drop
  "Adresse de facturation": drop
  "Enfant(s) concerné(s)": redact
  "Commentaire": mask_text
  "BIC": keep
  "Banque": keep
default: auto
""",
}


@dataclass
class Case:
    id: str
    title: str
    tests: str
    rows: int
    row: Callable[[random.Random, int], dict[str, object]]
    columns: list[str]
    encoding: str = "UTF-8"  # UTF-8, UTF-8 with BOM, Windows-1252, ISO-8859-1; "" for Parquet
    delimiter: str = ","
    line_ending: str = "LF"
    quoting: int = csv.QUOTE_MINIMAL
    policy: str | None = None
    clean: bool = False
    quasi: list[str] | None = None
    types: dict[str, str] | None = None  # Parquet column types other than string

    def __post_init__(self) -> None:
        self.header = [fitter(self.encoding)(c) for c in self.columns]  # as written in the file

    @property
    def parquet(self) -> bool:
        return self.types is not None


CODECS = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8-sig",
    "Windows-1252": "cp1252",
    "ISO-8859-1": "latin-1",
}


def cases() -> list[Case]:
    return [
        Case("s01_cantine", "Inscriptions à la restauration scolaire",
             "child's surname / first name / birth date columns (8 % impossible dates), parents in every rendering, "
             "phones (12 % invalid) and e-mails (10 % invalid) of parents, CAF numbers (15 % invalid), doctors in the "
             "allergy column (health data, otherwise unscored), third persons, IBAN, addresses in observations; "
             "schools named after persons; policy redact/drop/generalize:year/mask_text",
             450, s01_row, ["N° inscription", "Année scolaire", "École", "Classe", "Nom de l'enfant", "Prénom de l'enfant",
                            "Date de naissance", "Responsable légal", "Lien", "Téléphone", "Courriel", "N° allocataire CAF",
                            "Quotient familial", "Tarif repas (€)", "Régime alimentaire", "Allergies / PAI",
                            "Jours de présence", "Observations"],
             "Windows-1252", ";", "CRLF", policy="p01_cantine.yaml"),
        Case("s02_logement", "Demandes de logement social",
             "applicant and co-applicant, NIR consistent with the birth date (15 % bad key or no key), children's first "
             "names with birth dates inside the household text, current home address, CAF, income band, wished communes, "
             "social landlords; names of social workers and landlords in the reason; no policy",
             400, s02_row, ["N° unique", "Date de dépôt", "Demandeur", "Date de naissance", "N° de sécurité sociale",
                            "Co-demandeur", "Composition du foyer", "Adresse actuelle", "Téléphone", "Courriel",
                            "N° allocataire CAF", "Revenus mensuels du foyer", "Commune(s) souhaitée(s)", "Typologie",
                            "Réservataire", "Motif de la demande", "Suivi"],
             "UTF-8", ",", "LF"),
        Case("s03_reclamations", "Registre des réclamations des usagers",
             "declarant column mixing persons and syndics / associations / companies, their contact (phone or e-mail, "
             "obfuscated or invalid) vs organisations' contacts; multi-line letters with neighbours' names, plates, "
             "RIB, NIR, CAF, birth dates, addresses and signatures (full name, initials, first name only, lower case, "
             "famille X); decoys: streets, tram stops, facilities, famous people, SIRET, GPS; administration answers "
             "(a switchboard, unscored); policy redact_natural_persons + mask_text",
             350, s03_row, ["Référence", "Reçue le", "Canal", "Déclarant", "Contact", "Quartier", "Lieu concerné", "Thème",
                            "Texte de la réclamation", "Service saisi", "Réponse apportée", "Statut"],
             "ISO-8859-1", "\t", "CRLF", policy="p03_reclamations.yaml"),
        Case("s04_avis_deces", "État civil – avis de décès",
             "deceased (civility, married / maiden names), birth date under 'Né(e) le', last home address, declarant "
             "relative or funeral company; notices naming spouse, children (first names only, couples, famille X), "
             "a contact phone or address; decoys: hospitals, churches, cemeteries, charities, person-named facilities, "
             "event dates in words",
             300, s04_row, ["N° d'acte", "Date du décès", "Lieu du décès", "Commune du décès", "Défunt(e)", "Né(e) le",
                            "Lieu de naissance", "Dernier domicile", "Déclarant", "Opérateur funéraire", "Cimetière",
                            "Concession", "Avis"],
             "UTF-8", "|", "LF"),
        Case("s05_declarations_elus", "Déclarations de cadeaux, invitations et déports des élus",
             "elected officials in a public column (scored in policy mode only), their function and group; spouses "
             "(private, redacted) and private persons inside the object text; organisations named after persons, "
             "famous people, SIRET, amounts; policy with public_columns and a listed column absent from the file",
             250, s05_row, ["Élu(e)", "Fonction", "Groupe", "Date de la déclaration", "Nature", "Objet de la déclaration",
                            "Organisme concerné", "Valeur estimée (€)", "Conjoint ou partenaire", "Activité du conjoint",
                            "Suite donnée"],
             "UTF-8 with BOM", ";", "CRLF", policy="p05_declarations_elus.yaml"),
        Case("s06_marches", "Autorisations d'occupation des marchés de plein air (Parquet)",
             "Parquet in/out with float and date columns; stall holders mixing sole traders and companies in one "
             "column, their address / phone / e-mail / plate (companies' contacts and plates are kept or unscored); "
             "SIRET for both; replacement persons, plates and sons in observations; person-named markets; GPS",
             400, s06_row, ["N° d'autorisation", "Marché", "Jours", "Titulaire", "Statut juridique", "SIRET", "Activité",
                            "Adresse du titulaire", "Téléphone", "Courriel", "Véhicule", "Métrage (ml)",
                            "Redevance annuelle (€)", "Date de délivrance", "Latitude", "Longitude", "Observations"],
             "", "", "", policy="p06_marches.yaml",
             types={"Métrage (ml)": "float", "Redevance annuelle (€)": "float", "Date de délivrance": "date",
                    "Latitude": "float", "Longitude": "float"}),
        Case("s07_benevoles", "Registre des bénévoles",
             "volunteers' names mostly in lower case or all caps (and 'nom, prénom'), birth dates, phones, e-mails, "
             "plates inside 'Oui – …', emergency contact (name + relation + phone in one cell), lower-case names in "
             "comments, upper-case address; associations named after persons; every field quoted",
             350, s07_row, ["Bénévole", "Né(e) le", "Tél.", "Mail", "Association", "Mission", "Lieu d'intervention",
                            "Disponibilités", "Permis / véhicule", "Personne à prévenir", "Commentaire", "Inscrit(e) le"],
             "Windows-1252", ",", "LF", quoting=csv.QUOTE_ALL),
        Case("s08_enquete", "Enquête de satisfaction des habitants (quasi-identifiants)",
             "quasi-identifiers (age, sex, commune, profession, household); policy generalises age and profession, "
             "k: 5; only the non-QI columns (every 5th row, kind NON_QI) and the free-text comment are scored",
             1200, s08_row, ["N° questionnaire", "Date de réponse", "Âge", "Sexe", "Commune", "Profession",
                             "Composition du foyer", "Ancienneté dans la commune", "Mode de déplacement principal",
                             "Note propreté (1 à 5)", "Note transports (1 à 5)", "Note sécurité (1 à 5)",
                             "Priorité pour le quartier", "Commentaire libre"],
             "UTF-8", "\t", "LF", policy="p08_enquete.yaml",
             quasi=["Âge", "Sexe", "Commune", "Profession", "Composition du foyer"]),
        Case("s09_equipements_evenements", "Équipements publics et agenda culturel (fichier propre)",
             "clean file under personal-looking headers (Nom, Adresse, Téléphone, Courriel): facilities, streets, tram "
             "stops and managers named after persons, famous people in event titles, facilities' e-mails carrying "
             "person names, SIRET, six-digit ids and INSEE codes, GPS with trailing zeros, empty cells: every cell "
             "must survive",
             250, s09_row, ["Identifiant", "Catégorie", "Nom", "Adresse", "Code postal", "Commune", "Code INSEE",
                            "Quartier", "Arrêt le plus proche", "Événement à l'affiche", "Date de l'événement",
                            "Horaires", "Téléphone", "Courriel", "Gestionnaire", "SIRET gestionnaire", "Capacité",
                            "Latitude", "Longitude", "Accès PMR"],
             "UTF-8 with BOM", "|", "CRLF", clean=True),
        Case("s10_mandats_prelevement", "Mandats de prélèvement SEPA",
             "account holders (couples, civilities), billing addresses, IBAN column (FR grouped / compact / lower case, "
             "ES / BE / DE, 15 % bad IBAN key, bad RIB key, truncated, bare RIB), children's first-name lists; "
             "comments with IBAN, CAF, birth date, phone, e-mail; BIC and bank names kept; policy pseudonymize/drop",
             300, s10_row, ["RUM", "Date de signature", "Service", "Titulaire du compte", "Adresse de facturation", "IBAN",
                            "BIC", "Banque", "Enfant(s) concerné(s)", "Échéancier", "Montant mensuel (€)", "Commentaire"],
             "ISO-8859-1", ";", "LF", policy="p10_mandats.yaml"),
    ]  # fmt: skip


# ---------------------------------------------------------------- rendering, checks, writing
TRANSLIT = {"œ": "oe", "Œ": "OE", "€": "EUR", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
            "…": "...", "\u202f": "\u00a0", "ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D"}  # fmt: skip


def fitter(encoding: str) -> Callable[[str], str]:
    codec = CODECS.get(encoding, "utf-8")
    if codec.startswith("utf"):
        return lambda s: s

    def fit(s: str) -> str:
        out = []
        for ch in s:
            try:
                ch.encode(codec)
                out.append(ch)
            except UnicodeEncodeError:
                r = TRANSLIT.get(ch)
                if r is None:
                    r = "".join(
                        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
                    )
                out.append(fit(r) if r and r != ch else "?")
        return "".join(out)

    return fit


def render(value: object, fit: Callable[[str], str]) -> tuple[str, list[P | D]]:
    parts = (
        [] if value in (None, "") else [value] if isinstance(value, str | P | D) else list(value)
    )  # type: ignore[call-overload]
    text, items = "", []
    for part in parts:
        if isinstance(part, str):
            text += fit(part)
        elif isinstance(part, P):
            it = P(
                part.kind,
                fit(part.value),
                part.variant,
                tuple(map(fit, part.must)),
                tuple(map(fit, part.strict)),
                part.rare,
            )
            text += it.value
            items.append(it)
        else:
            text += fit(part.value)
            items.append(D(part.kind, fit(part.value), part.modes))
    return text, items


def draw(case: Case, seed: int) -> tuple[list[dict[str, tuple[str, list[P | D]]]], Counter[str]]:
    """Draw every row, redrawing a row whose key would be ambiguous (a planted token also in a
    decoy or in plain text, two planted items with one value, a planted value inside a label)."""
    rng = random.Random(f"{seed}:{case.id}")
    fit = fitter(case.encoding)
    rows, redraws = [], Counter[str]()
    for i in range(case.rows):
        for _ in range(400):
            raw = case.row(rng, i)
            assert set(raw) == set(case.columns), (case.id, set(raw) ^ set(case.columns))
            cells = {fit(c): render(raw[c], fit) for c in case.columns}
            why = next(
                (
                    f"{c}: {w}"
                    for c, (t, it) in cells.items()
                    if (w := cell_problem(t, it) or dup(it))
                ),
                "",
            )
            if not why:
                break
            redraws[why.split(":")[0]] += 1
        else:
            raise RuntimeError(f"{case.id} row {i}: no sound draw ({why})")
        rows.append(cells)
    return rows, redraws


def dup(items: list[P | D]) -> str:
    vals = [i.value for i in items if isinstance(i, P)]
    return "two planted items with one value" if len(vals) != len(set(vals)) else ""


def write_csv(case: Case, rows: list[dict[str, tuple[str, list[P | D]]]], path: Path) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=case.delimiter, quoting=case.quoting,
                   lineterminator="\r\n" if case.line_ending == "CRLF" else "\n")  # fmt: skip
    w.writerow(case.header)
    for r in rows:
        w.writerow([r[c][0] for c in case.header])
    path.write_bytes(buf.getvalue().encode(CODECS[case.encoding]))


def read_csv_back(case: Case, path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (case.encoding == "UTF-8 with BOM"), f"{case.id}: BOM"
    if case.encoding in ("Windows-1252", "ISO-8859-1"):
        try:
            raw.decode("utf-8")
            raise AssertionError(
                f"{case.id}: an 8-bit file that decodes as UTF-8 tests no encoding"
            )
        except UnicodeDecodeError:
            pass
    text = raw.decode(CODECS[case.encoding])
    if case.line_ending == "LF":
        assert "\r" not in text, f"{case.id}: CR in an LF file"
    else:
        assert "\r\n" in text and not re.search(r"\r(?!\n)", text), f"{case.id}: CRLF"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=case.delimiter))


def parquet_columns(
    case: Case, rows: list[dict[str, tuple[str, list[P | D]]]]
) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for c in case.header:
        kind = (case.types or {}).get(c)
        conv: Callable[[str], object] = {"float": float, "date": dt.date.fromisoformat}.get(
            kind or "", str
        )
        out[c] = [conv(r[c][0]) if r[c][0] != "" else None for r in rows]
    return out


def write_parquet(case: Case, rows: list[dict[str, tuple[str, list[P | D]]]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"float": pa.float64(), "date": pa.date32()}
    cols = parquet_columns(case, rows)
    schema = pa.schema(
        [(c, types.get((case.types or {}).get(c, ""), pa.string())) for c in case.header]
    )
    pq.write_table(pa.table(cols, schema=schema), path, compression="snappy")


def read_parquet_back(path: Path) -> list[list[str]]:
    import pyarrow.parquet as pq

    t = pq.read_table(path)
    data = t.to_pydict()
    return [list(t.column_names)] + [
        ["" if data[c][i] is None else str(data[c][i]) for c in t.column_names]
        for i in range(t.num_rows)
    ]


def verify(
    case: Case, rows: list[dict[str, tuple[str, list[P | D]]]], table: list[list[str]]
) -> None:
    """Every key record against the cells read back from the bytes written."""
    assert table[0] == case.header, f"{case.id}: header"
    assert len(table) - 1 == case.rows, f"{case.id}: {len(table) - 1} rows read back"
    for i, (r, back) in enumerate(zip(rows, table[1:], strict=True)):
        for j, c in enumerate(case.header):
            text, items = r[c]
            assert back[j] == text, f"{case.id} row {i} [{c}]: written {text!r}, read {back[j]!r}"
            problem = cell_problem(back[j], items)
            assert not problem, f"{case.id} row {i} [{c}]: {problem}"


def key_records(
    case: Case, rows: list[dict[str, tuple[str, list[P | D]]]]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    planted, decoys = [], []
    for i, r in enumerate(rows):
        for c in case.header:
            for it in r[c][1]:
                if isinstance(it, P):
                    rec: dict[str, object] = {"row": i, "column": c, "value": it.value, "kind": it.kind, "variant": it.variant,
                                              "must": list(it.must), "strict": list(dict.fromkeys(it.must + it.strict))}  # fmt: skip
                    if it.rare:
                        rec["rare_first_name"] = True
                    rec["id"] = f"{case.id}:P{len(planted):05d}"
                    planted.append(rec)
                else:
                    rec = {"row": i, "column": c, "value": it.value, "kind": it.kind}
                    if it.modes:
                        rec["modes"] = list(it.modes)
                    rec["id"] = f"{case.id}:D{len(decoys):05d}"
                    decoys.append(rec)
    return planted, decoys


def dump_key(
    case_id: str, planted: list[dict[str, object]], decoys: list[dict[str, object]]
) -> str:
    def block(recs: list[dict[str, object]]) -> str:
        return ",\n".join(json.dumps(r, ensure_ascii=False) for r in recs)

    return f'{{"case": "{case_id}",\n"planted": [\n{block(planted)}\n],\n"decoys": [\n{block(decoys)}\n]}}\n'


def generate(out: Path, seed: int) -> dict[str, object]:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        sys.exit(
            "pyarrow is needed for the Parquet case: run this with the project's .venv/bin/python"
        )
    for sub in ("data", "keys", "policies"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    for fname, text in POLICIES.items():
        (out / "policies" / fname).write_text(text, encoding="utf-8")
    entries, totals = [], Counter[str]()
    for case in cases():
        rows, redraws = draw(case, seed)
        ext = "parquet" if case.parquet else "csv"
        path = out / "data" / f"{case.id}.{ext}"
        if case.parquet:
            write_parquet(case, rows, path)
            table = read_parquet_back(path)
        else:
            write_csv(case, rows, path)
            table = read_csv_back(case, path)
        verify(case, rows, table)
        planted, decoys = key_records(case, rows)
        (out / "keys" / f"{case.id}.json").write_text(
            dump_key(case.id, planted, decoys), encoding="utf-8"
        )
        json.loads((out / "keys" / f"{case.id}.json").read_text(encoding="utf-8"))
        by_kind_p = Counter(str(r["kind"]) for r in planted)
        by_kind_d = Counter(str(r["kind"]) for r in decoys)
        names = [
            r
            for r in planted
            if r["kind"] == "PRENOM" or (r["kind"] == "NOM" and len(r["strict"]) > len(r["must"]))
        ]
        rare = sum(1 for r in names if r.get("rare_first_name"))
        totals.update(planted=len(planted), decoys=len(decoys))
        entries.append({
            "id": case.id, "title": case.title, "file": f"data/{case.id}.{ext}",
            "format": ext, "encoding": case.encoding or None,
            "delimiter": {"\t": "TAB"}.get(case.delimiter, case.delimiter) or None,
            "line_ending": case.line_ending or None, "rows": case.rows, "columns": case.header,
            "policy": f"policies/{case.policy}" if case.policy else None, "clean": case.clean,
            "quasi_identifiers": case.quasi, "output_ext": ext, "key": f"keys/{case.id}.json",
            "planted": len(planted), "decoys": len(decoys),
            "planted_by_kind": dict(sorted(by_kind_p.items())), "decoys_by_kind": dict(sorted(by_kind_d.items())),
            "rare_first_names": f"{rare}/{len(names)} planted names showing a first name", "redrawn_rows": sum(redraws.values()),
            "tests": case.tests, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        })  # fmt: skip
        print(f"{case.id:28s} {case.rows:5d} rows  planted {len(planted):5d}  decoys {len(decoys):5d}  "
              f"rare first names {rare}/{len(names)}  redrawn {sum(redraws.values())}")  # fmt: skip
    manifest = {"generator": "bench/anonymize_sealed.py (sealed: do not read if you tune the detectors)",
                "seed": seed, "totals": dict(totals), "cases": entries}  # fmt: skip
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--out", required=True, help="directory to write data/, keys/, policies/, manifest.json"
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"draw (default {DEFAULT_SEED})")
    ap.add_argument("--score", action="store_true", help="then run score.py on it (needs --cli)")
    ap.add_argument("--cli", default="", help="the anonymizer executable, for --score")
    ap.add_argument(
        "--scorer", default=str(SCORER), help="the public score.py (copied next to the set)"
    )
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    a, rest = ap.parse_args(argv[:cut]), argv[cut + 1 :]
    if rest and not a.score:
        ap.error("arguments after -- are for score.py: add --score")
    out = Path(a.out).resolve()
    m = generate(out, a.seed)
    print(f"totals: {m['totals']} -> {out}")
    scorer = Path(a.scorer)
    if scorer.exists():
        shutil.copyfile(scorer, out / "score.py")
    if a.score:
        if not (out / "score.py").exists():
            sys.exit(f"score.py not found at {scorer}: pass --scorer")
        if not a.cli:
            sys.exit("--score needs --cli PATH/TO/opendata-pipeline")
        sys.exit(
            subprocess.run(
                [sys.executable, str(out / "score.py"), "--cli", a.cli, *rest]
            ).returncode
        )


if __name__ == "__main__":
    main()
