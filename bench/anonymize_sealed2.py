"""Second sealed evaluation set for the anonymizer: ten French municipal tables with an answer key.

What it is: a generator of realistic tables that Montpellier Méditerranée Métropole publishes or
handles (cemetery concessions, school-transport registrations, TLPE declarations, noise
complaints, library suggestions, sports-club subsidies, market roster, housing-allocation
minutes, road-works notices, PMR parking cards), with planted personal data of every kind of the
public corpus's contract and many decoys that must survive, plus an exact answer key in that
corpus's key/manifest format, so its unchanged `score.py` scores an anonymizer CLI on it.
Vocabularies and table designs were written independently of the anonymizer's code and of the
other corpora; every key record is checked against the bytes written.

Sealed: do not read its output, do not tune anything on it. The lead runs it once, at the end:

    python bench/anonymize_sealed2.py --out DIR [--seed N]
    python bench/anonymize_sealed2.py --out DIR --score --cli .venv/bin/opendata-pipeline -- [score.py args]

`--out` receives data/, keys/, policies/, manifest.json and a copy of score.py (taken from
../shared/eval/pii, or --scorer). `--score` generates (unless DIR already holds a manifest from the
same seed) then runs that score.py with --cli and the arguments after `--`. Standard library;
pyarrow (for the Parquet case) must be importable by the interpreter that runs this file.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

DEFAULT_SEED = 2718
DEFAULT_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "pii" / "score.py"


def _items(block: str) -> list[str]:
    """Hand-typed vocabulary blocks: one entry per comma or line."""
    return [x.strip() for x in re.split(r"[,\n]", block) if x.strip()]


def _lines(block: str) -> list[str]:
    """Hand-typed blocks whose entries contain commas: one entry per line."""
    return [x.strip() for x in block.splitlines() if x.strip()]


# ----------------------------------------------------------------------------- first names
# Common French first names of several generations; rare ones (regional, old, foreign, modern
# creations) are kept apart so that their share can be stated (>= 25 %).
FIRST_F_COMMON = _items("""
Marie, Nathalie, Isabelle, Sylvie, Catherine, Martine, Christine, Françoise, Valérie, Sandrine,
Stéphanie, Véronique, Sophie, Céline, Chantal, Patricia, Anne, Brigitte, Julie, Monique, Aurélie,
Nicole, Laurence, Émilie, Caroline, Virginie, Corinne, Annie, Jacqueline, Élodie, Hélène, Manon,
Léa, Chloé, Emma, Inès, Jade, Louise, Alice, Lina, Rose, Anna, Mila, Ambre, Julia, Zoé, Léna,
Lucie, Sarah, Clara, Eva, Juliette, Lola, Pauline, Mathilde, Audrey, Laura, Marion, Claire, Agnès,
Florence, Josiane, Odette, Simone, Yvette, Ginette, Colette, Danielle, Michèle, Christiane,
Geneviève, Paulette, Jeanne, Marguerite, Suzanne, Denise, Andrée, Lucienne, Madeleine, Thérèse,
Yvonne, Claudine, Évelyne, Josette, Marie-Claude, Marie-Hélène, Anne-Sophie, Marie-Christine,
Laetitia, Karine, Séverine, Delphine, Magali, Fabienne, Muriel, Béatrice, Myriam, Nadia, Samia,
Fatima, Leïla, Yasmina, Karima, Nadège, Océane, Maëlys, Lilou, Romane, Charlotte, Margaux, Anaïs,
Justine, Mélanie, Amandine, Cécile, Estelle, Gaëlle, Solène, Noémie, Elsa, Maéva, Victoire,
Gabrielle, Adèle, Agathe, Salomé, Louna, Mireille, Josée, Carole, Elisabeth, Nina, Lise
""")
FIRST_M_COMMON = _items("""
Jean, Pierre, Michel, André, Philippe, Alain, Bernard, Jacques, Daniel, Christian, Patrick,
Nicolas, Éric, Frédéric, Laurent, Stéphane, David, Christophe, Pascal, Sébastien, Olivier, Thierry,
Julien, Jean-Pierre, Jean-Claude, Jean-Marc, Jean-Luc, Jean-François, Jean-Louis, Jean-Paul,
Jean-Michel, Gérard, René, Serge, Didier, François, Yves, Guy, Marcel, Robert, Henri, Georges,
Roger, Louis, Paul, Lucas, Hugo, Gabriel, Léo, Raphaël, Arthur, Jules, Adam, Nathan, Ethan, Noah,
Tom, Théo, Maël, Mohamed, Ahmed, Karim, Mehdi, Yanis, Rayan, Bilal, Youssef, Samir, Rachid,
Mathieu, Guillaume, Antoine, Romain, Maxime, Alexandre, Thomas, Kevin, Anthony, Jérémy, Benjamin,
Florian, Quentin, Clément, Vincent, Cédric, Fabrice, Franck, Bruno, Gilles, Hervé, Joël, Lionel,
Ludovic, Mickaël, Grégory, Arnaud, Bastien, Damien, Loïc, Yann, Adrien, Valentin, Baptiste, Enzo,
Timéo, Nolan, Axel, Evan, Matéo, Aaron, Victor, Marius, Émile, Augustin, Raymond, Lucien, Fernand,
Gaston, Maurice, Armand, Sami, Hakim, Farid, Nordine, Abdel, Franck-Olivier, Jean-Baptiste
""")
FIRST_U_COMMON = _items("Camille, Dominique, Claude, Sacha, Alix, Charlie, Eden, Maxence-Ange")
FIRST_F_RARE = _items("""
Gwenaëlle, Maïwenn, Enora, Aziliz, Nolwenn, Solenn, Mirèio, Bertrande, Letizia, Maialen, Ainhoa,
Garazi, Tinhinane, Kahina, Zineb, Aminata, Oumou, Fatoumata, Kadiatou, Ndeye, Awa, Bintou,
Djeneba, Ngozi, Chiamaka, Thi Lan, Thuy, Huong, Xiaoling, Jiahui, Conceição, Graça, Filipa,
Itziar, Rocío, Begoña, Ximena, Ornella, Carmela, Concetta, Małgorzata, Agnieszka, Jadwiga, Çağla,
Gülsüm, Şevval, Elif, Emine, Anahit, Arpi, Mihaela, Alina, Oksana, Svitlana, Olena, Anastasiia,
Khadija, Chaïma, Anissa, Eudoxie, Philomène, Honorine, Félicité, Clothilde, Eulalie, Léocadie,
Apolline, Bertille, Ysaline, Hermine, Maëlya, Naïa, Thaïs, Nelya, Ilyana, Soizic, Azelma,
Séraphine, Domitille, Eglantine, Fantine, Gwladys, Hortense, Iseult, Jehanne, Zélie
""")
FIRST_M_RARE = _items("""
Tugdual, Gwendal, Erwan, Loïg, Ronan, Yannig, Guilhem, Estève, Peyre, Jaume, Ghjuvanni, Santu,
Orsu, Xabi, Iñaki, Unai, Mohand, Lounès, Idir, Houcine, Mamadou, Seydou, Ousmane, Boubacar,
Cheikh, Kofi, Yaw, Chidi, Minh, Quang, Duc, Wei, Zhen, João, Joaquim, Rui, Iker, Gianluca,
Salvatore, Wojciech, Grzegorz, Zbigniew, Oğuz, Burak, Mustafa, Garen, Sevan, Hovhannes, Ionuț,
Răzvan, Florin, Dmytro, Bohdan, Abdelkrim, Soufiane, Ilyes, Wassim, Yehuda, Haïm, Séraphin,
Anatole, Hippolyte, Zéphirin, Anselme, Aurèle, Gonzague, Kélyan, Lyam, Nahël, Swann, Kenzo, Sohan,
Tiago, Ayden, Amaury, Barnabé, Clovis, Eloi, Firmin, Gauvain, Ulysse, Virgile, Wandrille
""")
FIRST_U_RARE = _items("Loan, Mahé, Adama, Bao, Jun, Ange, Morgan-Lou, Nour, Sasha-Lee")

# ----------------------------------------------------------------------------- surnames
SURNAMES_FR = _items("""
Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel,
Lefebvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert,
Fontaine, Rousseau, Vincent, Muller, Lefèvre, Faure, André, Mercier, Blanc, Guérin, Boyer,
Garnier, Chevalier, François, Legrand, Gauthier, Perrin, Robin, Clément, Morin, Nicolas, Henry,
Roussel, Mathieu, Gautier, Masson, Marchand, Duval, Denis, Dumont, Lemaire, Noël, Meyer, Dufour,
Meunier, Brun, Blanchard, Giraud, Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud,
Gérard, Roche, Renard, Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert,
Lemoine, Renaud, Dumas, Lacroix, Olivier, Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc,
Rolland, Leclercq, Guillaume, Lecomte, Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Dupuis,
Moulin, Louis, Deschamps, Huet, Vasseur, Boucher, Fleury, Royer, Klein, Jacquet, Adam, Poirier,
Marty, Aubry, Guyot, Carré, Charles, Renault, Charpentier, Ménard, Maillard, Baron, Bertin,
Bailly, Hervé, Schneider, Collet, Léger, Bouvier, Julien, Prévost, Millet, Perrot, Daniel,
Cousin, Germain, Breton, Besson, Langlois, Rémy, Pelletier, Lévêque, Perrier, Leblanc, Barré,
Lebrun, Marchal, Weber, Mallet, Hamon, Boulanger, Jacob, Monnier, Michaud, Guichard, Gillet,
Étienne, Poulain, Tessier, Chevallier, Collin, Chauvin, Bouchet, Lemaître, Bénard, Maréchal,
Humbert, Reynaud, Antoine, Perret, Barthélemy, Cordier, Pichon, Lejeune, Gilbert, Lamy, Delaunay,
Pasquier, Carlier, Laporte, Dujardin, Texier, Boutin, Lebon, Ferrand, Chauvet, Bourdon, Guillou
""")
SURNAMES_SUD = _items("""
Azéma, Bousquet, Cabanel, Castan, Combes, Coste, Fabregat, Granier, Jourdan, Maurel, Mas, Pagès,
Roumieux, Salles, Sabatier, Teissier, Vézian, Aldebert, Cazalis, Escudier, Causse, Delmas,
Bonnafous, Gleizes, Pradal, Rouquette, Soulier, Vergnes, Valette, Espinasse, Bourrel, Capdeville,
Puech, Arnal, Crouzet, Bascou, Galzin, Rouvière, Tarbouriech, Thérond, Villaret, Cambessédès,
Fabrègue, Ginestet, Hugonnenc, Lafont, Laurens, Malaval, Nougaret, Ollier, Pélissier, Quintard,
Rieu, Sarrazin, Sicard, Tourrette, Vaissière, Albouy, Boissier, Carrière, Donnadieu, Estorc,
Fesquet, Gaussen, Issert, Jalabert, Mazel, Pujol, Raynal, Séguier, Triaire, Verdier, Astruc,
Bringuier, Cabrol, Guiraudou, Manen, Pouget, Souchon, Vidalenc
""")
SURNAMES_PARTICLE = _items("""
de Castelbajac, de Montlaur, d'Hauteville, de Lestrade, du Fresne, de Vaulserre, des Roches,
de Bonald, du Pouget, d'Aigrefeuille, de Rochemaure, Le Gall, Le Goff, Le Bihan, Le Floch, Le Guen,
Le Moal, Le Cornec, La Rocca, Lo Presti, Di Stefano, Dos Santos, Da Silva, da Costa, de Oliveira,
Van der Berg, Van den Bossche, von Essen, D'Amico, D'Alessandro, D'Onofrio, Dell'Aquila,
N'Diaye, M'Baye, N'Guessan, O'Brien, O'Neill, Guivarc'h, Ben Salah, Ben Youssef, El Idrissi,
El Amrani, Aït Ahmed, Aït Kaci, Martin-Lopez, Bernard-Reymond, Fabre-Castan, Roux-Delmas,
Giraud-Pélissier, Moreau-Nguyen, Mas-Ollier, Teissier-Benali, Pérez Gómez, Ferreira da Silva,
García Márquez, Saint-Pierre, Jean-Baptiste, Lévy-Soussan, Kerbrat-Le Roux, Vidal-Naquet
""")
SURNAMES_WORLD = _items("""
Benali, Benabdallah, Bouzid, Haddad, Khelifi, Mansouri, Saïdi, Zeroual, Belkacem, Chérif, Hamidi,
Boudjema, Larbi, Meziane, Taleb, Ouali, Bensaïd, Cherkaoui, Lahlou, Tazi, Diallo, Traoré, Koné,
Keïta, Coulibaly, Sow, Diop, Ndiaye, Camara, Okafor, Mensah, Kouassi, Nkemelu, Tshibanda,
Mukendi, Ouédraogo, Sissoko, Nguyen, Tran, Pham, Hoang, Vu, Dang, Huynh, Wang, Chen, Zhang, Liu,
Lin, Kim, Park, Yamamoto, Tanaka, Kowalski, Nowak, Wiśniewska, Wójcik, Kamiński, Popescu,
Ionescu, Petrov, Ivanova, Kovalenko, Horváth, Novák, Dvořák, Pereira, Ferreira, Rodrigues,
Gonçalves, Almeida, Carvalho, Sousa, Teixeira, Cardoso, Lopes, Gómez, Jiménez, Ruiz, Navarro,
Moreno, Ortega, Castillo, Domínguez, Iglesias, Cabrera, Serrano, Ibáñez, Garcia, Martinez,
Lopez, Sanchez, Fernandez, Rodriguez, Perez, Rossi, Russo, Esposito, Bianchi, Romano, Colombo,
Ricci, Marino, Greco, Conti, Mancini, Lombardi, Giordano, Rinaldi, Caruso, Sorrentino,
Pellegrino, Petrossian, Hovhannessian, Agopian, Kassabian, Der Sarkissian, Yılmaz, Kaya, Demir,
Şahin, Çelik, Öztürk, Aydın, Arslan, Doğan, Wagner, Becker, Hoffmann, Koenig, Zimmermann, Kieffer,
Ehrhart, Etcheverry, Iturralde, Goyhenetche, Elissalde, Santoni, Leca, Albertini, Peretti,
Luciani, Orsini, Franceschi, Mattei, Cohen, Lévy, Benhamou, Azoulay, Bensimon, Sebbag, Zerbib,
Elbaz, Payet, Hoarau, Grondin, Técher, Nativel, Thazar, Zamor, Célestine, Quéméner, Tanguy,
Kerjean, Prigent, Riou, Kerbrat, Shevchuk, Melnyk, Bondarenko, Abramyan, Sargsyan, Rahmani,
Hosseini, Karimi, Akhtar, Siddiqui, Mendy, Gomis, Sagna, Badji, Faye, Gueye, Seck
""")
PARTICLES = {
    "de",
    "du",
    "des",
    "d",
    "le",
    "la",
    "les",
    "l",
    "van",
    "von",
    "der",
    "den",
    "da",
    "di",
    "dos",
    "das",
    "do",
    "del",
    "della",
    "dell",
    "lo",
    "y",
    "ben",
    "el",
    "al",
    "aït",
    "ait",
    "saint",
}

# ----------------------------------------------------------------------------- places
# (name, postcodes, INSEE code) — the 31 communes of Montpellier Méditerranée Métropole.
COMMUNES = [
    ("Montpellier", ["34000", "34070", "34080", "34090"], "34172"),
    ("Baillargues", ["34670"], "34022"),
    ("Beaulieu", ["34160"], "34027"),
    ("Castelnau-le-Lez", ["34170"], "34057"),
    ("Castries", ["34160"], "34058"),
    ("Clapiers", ["34830"], "34077"),
    ("Cournonsec", ["34660"], "34087"),
    ("Cournonterral", ["34660"], "34088"),
    ("Le Crès", ["34920"], "34090"),
    ("Fabrègues", ["34690"], "34095"),
    ("Grabels", ["34790"], "34116"),
    ("Jacou", ["34830"], "34120"),
    ("Juvignac", ["34990"], "34123"),
    ("Lattes", ["34970"], "34129"),
    ("Lavérune", ["34880"], "34134"),
    ("Montaud", ["34160"], "34164"),
    ("Montferrier-sur-Lez", ["34980"], "34169"),
    ("Murviel-lès-Montpellier", ["34570"], "34179"),
    ("Pérols", ["34470"], "34198"),
    ("Pignan", ["34570"], "34202"),
    ("Prades-le-Lez", ["34730"], "34217"),
    ("Restinclières", ["34160"], "34227"),
    ("Saint-Brès", ["34670"], "34244"),
    ("Saint-Drézéry", ["34160"], "34249"),
    ("Saint-Geniès-des-Mourgues", ["34160"], "34256"),
    ("Saint-Georges-d'Orques", ["34680"], "34259"),
    ("Saint-Jean-de-Védas", ["34430"], "34270"),
    ("Saussan", ["34570"], "34295"),
    ("Sussargues", ["34160"], "34307"),
    ("Vendargues", ["34740"], "34327"),
    ("Villeneuve-lès-Maguelone", ["34750"], "34337"),
]
COMMUNE_WEIGHTS = [40] + [2] * 30
for _i, (_n, _p, _c) in enumerate(COMMUNES):
    if _n in ("Castelnau-le-Lez", "Lattes", "Pérols", "Saint-Jean-de-Védas", "Juvignac"):
        COMMUNE_WEIGHTS[_i] = 5
OTHER_HERAULT = [
    ("Sète", "34200"),
    ("Béziers", "34500"),
    ("Lunel", "34400"),
    ("Frontignan", "34110"),
    ("Agde", "34300"),
    ("Mauguio", "34130"),
    ("Palavas-les-Flots", "34250"),
    ("La Grande-Motte", "34280"),
    ("Gignac", "34150"),
    ("Lodève", "34700"),
    ("Clermont-l'Hérault", "34800"),
    ("Pézenas", "34120"),
    ("Saint-Gély-du-Fesc", "34980"),
    ("Saint-Clément-de-Rivière", "34980"),
    ("Teyran", "34820"),
    ("Mèze", "34140"),
    ("Ganges", "34190"),
    ("Saint-Martin-de-Londres", "34380"),
]
QUARTIERS = _items("""
Écusson, Boutonnet, Beaux-Arts, Figuerolles, Gambetta, Antigone, Port Marianne, Les Cévennes,
Mosson, Croix d'Argent, Près d'Arènes, Hôpitaux-Facultés, Celleneuve, Aiguelongue, Saint-Martin,
Les Arceaux, Hauts de Massane, Lemasson, Estanove, Malbosc, Saint-Clément, Pompignane
""")
# Streets named after persons (decoys when they name a place, not someone living there).
STREETS_PERSON = _items("""
avenue Jean Jaurès, rue Jean Moulin, boulevard Louis Blanc, avenue Georges Clemenceau,
rue Marcel de Serres, cours Gambetta, rue Proudhon, boulevard Victor Hugo, rue Aristide Ollivier,
rue Henri Guinier, avenue du Père Soulas, rue Lakanal, avenue Bouisson Bertrand,
avenue Jean Mermoz, avenue Augustin Fliche, avenue du Docteur Pezet, boulevard Rabelais,
rue Auguste Comte, place Pierre Flotte, rue Paul Brousse, rue Chaptal, rue Louise Guiraud,
rue Dom Vaissette, place Roger Salengro, rue Adam de Craponne, rue Joffre, rue Du Guesclin,
avenue Pierre Mendès France, rue Frédéric Bazille, avenue Raymond Dugrand, place Jacques Cœur,
rue Simone Veil, rue Olympe de Gouges, avenue Louise Michel, rue Gaston Defferre,
rue Pierre Brossolette, rue Lucie Aubrac, rue Georges Brassens, rue Jacques Brel, rue Édith Piaf,
rue Frédéric Mistral, rue Antoine de Saint-Exupéry, avenue Marcel Pagnol, impasse Paul Cézanne,
rue Camille Claudel, allée Marie Curie, avenue Charles de Gaulle, rue Victor Hugo,
boulevard Pasteur, rue Jules Ferry, avenue de la Marne, rue Émile Zola, rue Anatole France,
place Jean Jaurès, esplanade Charles de Gaulle, rue Albert Camus, avenue Paul Valéry,
rue Jean-Jacques Rousseau, allée Nelson Mandela, rue Rosa Parks, avenue Georges Frêche,
rue Clémence Royer, avenue du Professeur Grasset, rue de l'Abbé de l'Épée, rue Germaine Tillion
""")
STREETS_PLAIN = _items("""
avenue de Toulouse, avenue de Lodève, avenue d'Assas, rue de la Loge, rue Foch,
rue de l'Aiguillerie, rue du Faubourg Figuerolles, rue du Faubourg Boutonnet,
boulevard du Jeu de Paume, rue de la Cavalerie, rue Saint-Guilhem, rue de l'Université,
rue Maguelone, avenue de la Pompignane, avenue Saint-Lazare, avenue de la Liberté,
avenue de Maurin, route de Mende, route de Ganges, avenue de Palavas, rue de la Croix de Lavit,
rue du Pioch de Boutonnet, avenue du Pont Juvénal, rue des Pins, rue de la Merci,
quai du Verdanson, place des Beaux-Arts, chemin des Vignes, impasse des Oliviers,
allée des Platanes, rue des Écoles, avenue de la Gare, route de Lavérune, chemin de la Fontaine,
rue du Moulin à Huile, rue des Cistes, allée des Tilleuls, chemin du Mas de Rochet,
rue des Micocouliers, impasse des Amandiers, rue de la Garrigue, chemin de la Draye,
avenue de l'Europe, rue des Lauriers-Roses, chemin des Pins Parasols, rue du Stade,
place de l'Église, rue de la Mairie, chemin de Saint-Hubert, rue des Capitelles,
avenue de la Mer, route de Vauguières, rue de la Rauze, impasse du Lavoir, rue de l'Ancien Puits
""")
STREETS_MTP_ONLY = set(
    _items("""
boulevard Louis Blanc, rue Marcel de Serres, cours Gambetta, rue Proudhon, rue Aristide Ollivier,
rue Henri Guinier, avenue du Père Soulas, rue Lakanal, avenue Bouisson Bertrand, avenue Augustin Fliche,
avenue du Docteur Pezet, boulevard Rabelais, rue Auguste Comte, place Pierre Flotte, rue Paul Brousse,
rue Chaptal, rue Louise Guiraud, rue Dom Vaissette, place Roger Salengro, rue Adam de Craponne,
rue Joffre, rue Du Guesclin, rue Frédéric Bazille, avenue Raymond Dugrand, place Jacques Cœur,
avenue Georges Frêche, rue Clémence Royer, avenue du Professeur Grasset, rue de l'Abbé de l'Épée,
avenue de Toulouse, avenue de Lodève, avenue d'Assas, rue de la Loge, rue Foch, rue de l'Aiguillerie,
rue du Faubourg Figuerolles, rue du Faubourg Boutonnet, boulevard du Jeu de Paume, rue de la Cavalerie,
rue Saint-Guilhem, rue de l'Université, rue Maguelone, avenue de la Pompignane, avenue Saint-Lazare,
avenue de Maurin, route de Mende, route de Ganges, avenue de Palavas, rue de la Croix de Lavit,
rue du Pioch de Boutonnet, avenue du Pont Juvénal, rue des Pins, rue de la Merci, quai du Verdanson,
place des Beaux-Arts, boulevard Victor Hugo, boulevard Pasteur, esplanade Charles de Gaulle,
avenue Paul Valéry, rue Jean-Jacques Rousseau, avenue Jean Mermoz, avenue Georges Clemenceau
""")
)
ADDRESS_COMPLEMENTS = _items("""
Bât. B, Bâtiment C, Résidence Les Oliviers, Résidence Le Parc, apt 12, Appt 24, 3e étage,
Résidence Les Jardins d'Antigone, Esc. 2, Lotissement Les Garrigues, Villa 7, porte 5,
Résidence Le Clos des Cigales, Bât. A2, Résidence Plein Sud
""")
TRAM_STOPS_PERSON = _items("""
Louis Blanc, Léon Blum, Albert 1er - Cathédrale, Pablo Picasso, Garcia Lorca, Pierre de Coubertin,
Georges Pompidou, Charles de Gaulle, Jules Guesde, Voltaire, Rondelet, Du Guesclin, Place Carnot,
Saint-Denis, Saint-Éloi, Stade Philippidès, Moularès - Hôtel de Ville, Nouveau Saint-Roch,
Gare Saint-Roch, Saint-Lazare, Saint-Paul, Saint-Cléophas, Notre-Dame de Sablassou
""")
TRAM_STOPS_PLAIN = _items("""
Comédie, Corum, Antigone, Rives du Lez, Port Marianne, Millénaire, Odysseum, Place de France,
Occitanie, Mosson, Euromédecine, Malbosc, Château d'Ô, Hauts de Massane, Halles de la Paillade,
Uranus, Aiguelongue, Jeu de Mail, Sabines, Croix d'Argent, Mas Drevon, Lemasson, Boutonnet,
Beaux-Arts, Universités des Sciences et Lettres, Jacou, La Galine, Via Domitia, Clairval,
Les Aubes, Restanque, Vert Bois, Hôpital Lapeyronie
""")
SCHOOLS_PERSON = _items("""
Collège Clémence Royer, Collège François Rabelais, Collège Camille Claudel, Collège Arthur Rimbaud,
Collège Joseph Delteil, Collège Marcel Pagnol, Collège Gérard Philipe, Collège Jean Moulin,
Collège Simone Veil, Collège Louise Michel, Collège Frédéric Bazille, Collège Louis Germain,
Collège Pierre Mendès France, Collège Georges Brassens, Lycée Joffre, Lycée Georges Clemenceau,
Lycée Jules Guesde, Lycée Jean Mermoz, Lycée Jean Monnet, Lycée Pierre Mendès France,
Lycée Champollion, Lycée Georges Pompidou, Lycée Léonard de Vinci, Lycée Frédéric Bazille,
École élémentaire Jules Ferry, École Marie Curie, École Jean Jaurès, École Olympe de Gouges,
École Condorcet, École Victor Hugo, École maternelle Louise Michel, École Albert Camus,
Groupe scolaire Lucie Aubrac, École Paul Bert, École Jacques Prévert, École Jean de La Fontaine
""")
SCHOOLS_PLAIN = _items("""
Collège Les Aiguerelles, Collège Fontcarrade, Collège Las Cazes, Collège Les Escholiers de la Mosson,
Collège Jeu de Mail, Collège de la Croix d'Argent, Lycée agricole Agropolis, École des Garrigues,
École du Lez, École des Oliviers, Collège Les Garrigues, Lycée professionnel Mermoz-Plaine
""")
FACILITIES_PERSON = _items("""
Musée Fabre, Opéra Berlioz, Théâtre Jean Vilar, Piscine Jean Taris, Piscine Suzanne Berlioux,
Piscine Alfred Nakache, Stade Yves du Manoir, Palais des sports René Bougnol, Gymnase Jean Bouin,
Gymnase Marcel Cerdan, Gymnase Alain Mimoun, Salle Pierre de Coubertin, Stade Sabathé,
Maison pour tous Léo Lagrange, Maison pour tous Albert Dubout, Maison pour tous Marie Curie,
Maison pour tous Frédéric Chopin, Maison pour tous Georges Brassens, Maison pour tous François Villon,
Maison pour tous Joseph Ricôme, Maison pour tous Mélina Mercouri, Maison pour tous Albertine Sarrazin,
Maison pour tous Boris Vian, Maison pour tous Rosa Lee Parks, Maison pour tous Louis Feuillade,
Maison pour tous Paul-Émile Victor, Maison pour tous George Sand, Maison pour tous Michel Colucci,
Hôpital Arnaud de Villeneuve, Hôpital Gui de Chauliac, Université Paul-Valéry,
Salle Guillaume de Nogaret, Espace Jean Jaurès, Salle Pétrarque, Pavillon Bagouet
""")
FACILITIES_PLAIN = _items("""
Zénith Sud, Domaine d'O, Piscine olympique d'Antigone, Stade de la Mosson, Corum,
Halles Castellane, Halles Laissac, Gymnase des Garrigues, Stade municipal du Lez,
Salle polyvalente de Grabels, Complexe sportif de Veyrassi, Boulodrome du Peyrou,
Maison des associations, Parc Montcalm, Jardin des plantes, Bassin Jacques Cœur
""")
MEDIATHEQUES = _items("""
Médiathèque Émile Zola, Médiathèque Federico Fellini, Médiathèque William Shakespeare,
Médiathèque Victor Hugo, Médiathèque Jean-Jacques Rousseau, Médiathèque Françoise Giroud,
Médiathèque Aimé Césaire, Médiathèque Albert Camus, Médiathèque Jules Verne,
Médiathèque Jean Giono, Médiathèque George Sand, Médiathèque Lucie Aubrac,
Médiathèque Garcia Lorca, Médiathèque Gustave Flaubert, Médiathèque Léopold Sédar Senghor
""")
CEMETERIES = _items("""
Cimetière Saint-Lazare, Cimetière Saint-Étienne, Cimetière protestant, Cimetière de Grammont,
Cimetière de Celleneuve, Cimetière de Montaubérou, Cimetière Saint-Martin-de-Prunet,
Cimetière des Sablons, Cimetière paysager de Lattes, Cimetière du Devois
""")

# ----------------------------------------------------------------------------- public persons
FAMOUS_AUTHORS = _items("""
Annie Ernaux, Leïla Slimani, Joël Dicker, Virginie Despentes, Kamel Daoud, Amélie Nothomb,
Mohamed Mbougar Sarr, Gaël Faye, Michel Bussi, Guillaume Musso, Marc Levy, Fred Vargas,
Riad Sattouf, Marjane Satrapi, Gustave Flaubert, Victor Hugo, Alexandre Dumas,
Marguerite Yourcenar, Emmanuel Carrère, Maylis de Kerangal, Jean-Baptiste Andrea,
Brigitte Giraud, Giuliano da Empoli, Éric Vuillard, Delphine de Vigan, Valérie Perrin,
Franck Thilliez, Bernard Minier, Eiichirō Oda, Masashi Kishimoto, Antoine de Saint-Exupéry,
Albert Camus, Simone de Beauvoir, Sorj Chalandon, Pierre Lemaitre, Olivier Norek,
Mathias Énard, Vanessa Springora, Tom Gauld, Pénélope Bagieu, Mona Chollet, Haruki Murakami,
Elena Ferrante, Chimamanda Ngozi Adichie, Joann Sfar, Hervé Le Tellier, Édouard Louis
""")
FAMOUS_OTHERS = _items("""
Teddy Riner, Nikola Karabatic, Laure Manaudou, Clarisse Agbégnénou, Antoine Dupont,
Kylian Mbappé, Zinédine Zidane, Tony Parker, Marie-José Pérec, Renaud Lavillenie, Kevin Mayer,
Léon Marchand, Victor Wembanyama, Georges Brassens, Jean-Michel Jarre, Juliette Gréco,
Johnny Hallyday, Édith Piaf, Stromae, Aya Nakamura, Orelsan, Jean Moulin, Jean Jaurès,
Simone Veil, Charles de Gaulle, Marie Curie, Louis Pasteur, Frédéric Bazille, Jacques Cœur,
Paul Valéry, François Rabelais, Auguste Comte, Georges Frêche, Pierre Soulages, Agnès Varda,
Jean-Paul Belmondo, Louis de Funès, Thomas Pesquet, Jane Birkin
""")
# Invented elected officials (no real person); named in the columns that are public by law.
ELUS = [
    ("Mathilde Sarrazin-Pagès", "adjointe déléguée aux sports"),
    ("Thierry Bessière", "conseiller métropolitain délégué aux équipements sportifs"),
    ("Nadia Ouakli-Rieu", "vice-présidente déléguée à l'habitat"),
    ("Jean-Luc Cambessédès", "adjoint au maire de Lattes"),
    ("Clotilde Fabregat", "adjointe déléguée au logement"),
    ("Rémi Aldebert-Vinas", "conseiller municipal délégué à la vie associative"),
    ("Sabine Mouret-Delcros", "vice-présidente déléguée à la jeunesse"),
    ("Karim Zeghoudi", "adjoint délégué à la politique de la ville"),
    ("Véronique Estrade-Pujol", "maire de Saussan"),
    ("Patrice Lacombe-Issert", "conseiller départemental"),
    ("Hélène Vinassac", "adjointe déléguée aux solidarités"),
    ("Marc-Antoine Rouvayrol", "conseiller métropolitain"),
    ("Farida Belmokhtar", "adjointe déléguée à la santé"),
    ("Gilles Teulade", "maire de Sussargues"),
    ("Annabelle Castanier", "vice-présidente déléguée aux sports"),
    ("Yvan Chaberlot", "représentant des locataires, CNL"),
    ("Odile Marcou-Vernet", "représentante de l'association Habitat et Humanisme"),
    ("Sébastien Roucairol", "représentant de la préfecture (DDETS)"),
]

# ----------------------------------------------------------------------------- organisations
ASSOC_PREFIX = _items("""
Association, Amicale, Comité de quartier, Union, Collectif, Les Amis de, Fédération, Cercle
""")
COMPANIES = _items("""
Colas France, Eiffage Route Méditerranée, Razel-Bec, SADE, Sobeca, Guintoli, Braja Vésigné,
Enedis, GRDF, Orange, SFR FTTH, Veolia Eau, Suez, Bouygues Énergies & Services, Spie Batignolles,
Vinci Construction, Eurovia Méditerranée, Cegelec, Axians, Ineo Infracom, Mediaco Levage
""")
FIRMS_GENERIC = _items("""
Monoprix, Crédit Agricole du Languedoc, Caisse d'Épargne Languedoc-Roussillon, Decathlon, Fnac,
Optic 2000, Pharmacie du Jeu de Paume, Brasserie du Corum, Hôtel Le Guilhem, La Poste,
Carrefour City, Picard Surgelés, Le Comptoir de Mathilde, Boulangerie Le Fournil du Lez,
Cave des Vignerons de Saint-Georges, Librairie Sauramps, Intermarché Lattes, Leroy Merlin,
Café de la Mer, Bar Le Baloard, Le Rockstore, Restaurant La Réserve Rimbaud
""")
TRADES = _items("""
Boulangerie, Pâtisserie, Boucherie, Fromagerie, Garage, Plomberie, Menuiserie, Optique,
Pharmacie, Coiffure, Marbrerie, Pompes funèbres, Transports, Taxis, Électricité, Pressing,
Cave, Traiteur, Fleurs, Auto-école, Maçonnerie, Imprimerie
""")
LEGAL_FORMS = _items("SARL, SAS, SASU, EURL, SCI, SA, SNC, SELARL")
EMAIL_DOMAINS = _items("""
gmail.com, orange.fr, free.fr, laposte.net, hotmail.fr, yahoo.fr, sfr.fr, wanadoo.fr,
outlook.fr, icloud.com, neuf.fr, bbox.fr, protonmail.com, live.fr, aol.com, numericable.fr
""")


# ============================================================================= text plumbing
TRANSLIT = {
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "İ": "I",
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "–": "-",
    "—": "-",
    "\u202f": "\u00a0",
    "€": "EUR",
    "ș": "s",
    "ț": "t",
    "Ș": "S",
    "Ț": "T",
    "đ": "d",
    "Đ": "D",
    "ø": "o",
    "Ø": "O",
    "ß": "ss",
    "æ": "ae",
}


def translit(s: str, codec: str) -> str:
    """Characters an 8-bit file cannot hold become their closest ASCII spelling (file and key alike)."""
    if codec.startswith("utf"):
        return s
    out = []
    for ch in s:
        try:
            ch.encode(codec)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        rep = TRANSLIT.get(ch)
        if rep is None:
            rep = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
        try:
            rep.encode(codec)
        except UnicodeEncodeError:
            rep = "?"
        out.append(rep)
    return "".join(out)


def name_tokens(name: str) -> list[str]:
    """Surname or first-name tokens whose survival is a leak: particles dropped, hyphens split."""
    toks = []
    for tok in re.split(r"[\s\-]+", name):
        tok = tok.strip(".,;()")
        if "'" in tok or "’" in tok:
            pre, post = re.split(r"['’]", tok, maxsplit=1)
            if pre.lower() in ("d", "l", "dell"):
                tok = post
        if len(tok) >= 2 and tok.lower() not in PARTICLES:
            toks.append(tok)
    return toks


@dataclass
class Cell:
    """A cell built from fragments; planted items and decoys remember their exact spans."""

    tr: Callable[[str], str]
    parts: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)

    def t(self, s: str) -> Cell:
        self.parts.append(self.tr(s))
        return self

    def p(self, kind: str, s: str, variant: str, must=(), strict=()) -> Cell:
        s = self.tr(s)
        self.items.append(
            {
                "planted": True,
                "kind": kind,
                "value": s,
                "variant": variant,
                "must": [self.tr(m) for m in must],
                "strict": [self.tr(m) for m in (*must, *strict)],
            }
        )
        self.parts.append(s)
        return self

    def name(self, r: Rendered, kind: str = "NOM") -> Cell:
        return self.p(kind, r.text, r.variant, r.must, r.strict)

    def d(self, kind: str, s: str, modes: list[str] | None = None) -> Cell:
        s = self.tr(s)
        item = {"planted": False, "kind": kind, "value": s}
        if modes:
            item["modes"] = modes
        self.items.append(item)
        self.parts.append(s)
        return self

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Rendered:
    text: str
    variant: str
    must: list[str]
    strict: list[str]


@dataclass
class Person:
    first: str
    last: str
    sex: str  # F or M

    def civ(self, rng: random.Random, long: bool = False) -> str:
        if long:
            return "Madame" if self.sex == "F" else "Monsieur"
        if self.sex == "F":
            return rng.choice(["Mme", "Mme", "Mme", "Madame", "Mlle", "Mme."])
        return rng.choice(["M.", "M.", "M.", "Monsieur", "Mr", "Mr."])


def de(text: str) -> str:
    """French 'de' before a name: elided before a vowel or a mute h."""
    first = unicodedata.normalize("NFKD", text[:1].lower())[:1]
    return "d'" if first and first in "aeiouyh" else "de "


def au(place: str) -> str:
    """'au' / 'à la' / 'à l'' before a facility name."""
    word = place.split()[0]
    if de(word) == "d'":
        return "à l'"
    if word in (
        "Piscine",
        "Salle",
        "Maison",
        "Halle",
        "Halles",
        "Médiathèque",
        "Université",
        "Résidence",
    ):
        return "à la "
    return "au "


def le(place: str) -> str:
    """Definite article before a facility name."""
    word = place.split()[0]
    if de(word) == "d'":
        return "l'"
    return (
        "la "
        if word in ("Piscine", "Salle", "Maison", "Halle", "Médiathèque", "Résidence")
        else "le "
    )


def upper(s: str) -> str:
    return s.upper()


def initials(first: str) -> str:
    return "-".join(p[0] + "." for p in re.split(r"[-\s]", first) if p)


# ============================================================================= identifiers
RIB_LETTERS = {
    c: str(v)
    for v, cs in enumerate(["", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"])
    for c in cs
}


def iban_check(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in (bban + country + "00").upper())
    return f"{98 - int(num) % 97:02d}"


def iban_valid(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    num = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(num) % 97 == 1


def national_bban(country: str, rng: random.Random) -> str:
    """A BBAN whose national check digits are right too (BE, ES, PT; DE has none to check)."""

    def dig(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    if country == "BE":  # bank codes present in the Belgian registry
        first10 = rng.choice(["001", "068", "310", "363", "734", "750", "630", "103"]) + dig(7)
        return f"{first10}{int(first10) % 97 or 97:02d}"
    if country == "ES":
        weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def ctrl(ten: str) -> str:
            d = 11 - sum(int(c) * w for c, w in zip(ten, weights, strict=True)) % 11
            return str({11: 0, 10: 1}.get(d, d))

        bank, account = dig(8), dig(10)
        return f"{bank}{ctrl('00' + bank)}{ctrl(account)}{account}"
    if country == "PT":
        first19 = dig(19)
        return f"{first19}{98 - int(first19) * 100 % 97:02d}"
    return dig(18)


def nir_key(first13: str) -> int:
    return 97 - int(first13.replace("2A", "19").replace("2B", "18")) % 97


# (template, variant): e-mails typed wrong under an e-mail header, and e-mails hidden from robots
EMAIL_FORMS = {
    "invalid": [
        ("{local}@{name}", "invalide: sans extension"),
        ("{local}.{dom}", "invalide: sans @"),
        ("{local}@@{dom}", "invalide: double @"),
        ("{local}@{name},{tld}", "invalide: virgule"),
        ("{local}@{typo}.con", "invalide: domaine mal saisi"),
    ],
    "obfuscated": [
        ("{local}[at]{dom}", "obfusqué [at]"),
        ("{local} [at] {name} [dot] {tld}", "obfusqué [at] [dot]"),
        ("{local}(at){dom}", "obfusqué (at)"),
        ("{local} arobase {dom}", "obfusqué arobase"),
        ("{local} at {name} dot {tld}", "obfusqué at/dot"),
        ("{local}(a){dom}", "obfusqué (a)"),
        ("{local} @ {dom}", "@ espacé"),
        ("{spelled} arobase {name} point {tld}", "épelé"),
    ],
}
SIV_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"
MONTHS = _items("""
janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre
""")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def isbn13_check(first12: str) -> str:
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))
    return str((10 - s % 10) % 10)


FAMOUS = set(FAMOUS_AUTHORS) | set(FAMOUS_OTHERS) | {n for n, _ in ELUS}
ALL_SURNAMES = [*SURNAMES_FR, *SURNAMES_SUD, *SURNAMES_PARTICLE, *SURNAMES_WORLD]
COLUMN_VARIANTS = [
    ("NOM Prénom", 24),
    ("Prénom Nom", 15),
    ("Prénom NOM", 12),
    ("NOM, Prénom", 8),
    ("Nom Prénom", 8),
    ("majuscules", 8),
    ("minuscules", 4),
    ("civilité + nom complet", 11),
    ("civilité + nom", 4),
    ("initiale", 4),
    ("couple", 2),
]
TEXT_VARIANTS = [
    ("civilité + nom complet", 24),
    ("civilité + nom", 15),
    ("Prénom Nom", 20),
    ("Prénom NOM", 8),
    ("NOM Prénom", 5),
    ("initiale", 5),
    ("couple", 5),
    ("famille", 5),
    ("minuscules", 3),
    ("majuscules", 3),
    ("Nom Prénom", 2),
    ("épouse / née", 3),
]


class Gen:
    """Random draws of one case: persons, their renderings, identifiers and decoys."""

    def __init__(self, rng: random.Random, codec: str):
        self.rng = rng
        self.codec = codec

    def tr(self, s: str) -> str:
        return translit(s, self.codec)

    def cell(self, s: str = "") -> Cell:
        c = Cell(self.tr)
        return c.t(s) if s else c

    def w(self, pairs):
        vals, weights = zip(*pairs, strict=True)
        return self.rng.choices(vals, weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    # ------------------------------------------------------------------ persons
    def first_name(self, sex: str) -> str:
        r = self.rng
        if r.random() < 0.3:
            pool = (FIRST_F_RARE if sex == "F" else FIRST_M_RARE) + FIRST_U_RARE
        else:
            pool = (FIRST_F_COMMON if sex == "F" else FIRST_M_COMMON) + FIRST_U_COMMON
        return r.choice(pool)

    def surname(self) -> str:
        bucket = self.w(
            [(SURNAMES_FR, 42), (SURNAMES_SUD, 15), (SURNAMES_PARTICLE, 13), (SURNAMES_WORLD, 30)]
        )
        return self.rng.choice(bucket)

    def person(self, sex: str | None = None) -> Person:
        while True:
            s = sex or self.rng.choice("FM")
            p = Person(self.first_name(s), self.surname(), s)
            if f"{p.first} {p.last}" not in FAMOUS:
                return p

    def render(self, p: Person, variant: str) -> Rendered:
        r = self.rng
        F, L = p.first, p.last
        U = upper
        tok = name_tokens

        def out(text, last_r, first_r=None, extra_must=(), extra_strict=()):
            must = tok(last_r) + list(extra_must)
            strict = (tok(first_r) if first_r else []) + list(extra_strict)
            return Rendered(text, variant, must, strict)

        if variant == "Prénom Nom":
            return out(f"{F} {L}", L, F)
        if variant == "Prénom NOM":
            return out(f"{F} {U(L)}", U(L), F)
        if variant == "NOM Prénom":
            return out(f"{U(L)} {F}", U(L), F)
        if variant == "NOM, Prénom":
            return out(f"{U(L)}, {F}", U(L), F)
        if variant == "Nom Prénom":
            return out(f"{L} {F}", L, F)
        if variant == "minuscules":
            return out(f"{F.lower()} {L.lower()}", L.lower(), F.lower())
        if variant == "majuscules":
            return out(f"{U(F)} {U(L)}", U(L), U(F))
        if variant == "initiale":
            last = r.choice([L, U(L)])
            return out(f"{initials(F)} {last}", last)
        if variant == "civilité + nom complet":
            last = r.choice([L, L, U(L)])
            return out(f"{p.civ(r)} {F} {last}", last, F)
        if variant == "civilité + nom":
            last = r.choice([L, L, U(L)])
            return out(f"{p.civ(r)} {last}", last)
        if variant == "couple":
            partner = self.first_name("M" if p.sex == "F" else "F")
            style = r.randrange(5)
            if style == 0:
                return out(f"M. et Mme {L}", L)
            if style == 1:
                return out(f"Monsieur et Madame {U(L)}", U(L))
            if style == 2:
                return out(f"Mme et M. {L}", L)
            if style == 3:
                return out(f"{F} et {partner} {L}", L, F, extra_strict=tok(partner))
            return out(f"M. et Mme {U(L)} {F}", U(L), F)
        if variant == "famille":
            last = r.choice([L, U(L)])
            fam = r.choice(["famille", "Famille", "la famille"])
            return out(f"{fam} {last}", last)
        if variant == "épouse / née":
            other = self.surname()
            if p.sex != "F":
                return self.render(p, "civilité + nom complet")
            if r.random() < 0.5:
                return out(f"{F} {L} épouse {other}", L, F, extra_must=tok(other))
            return out(f"Mme {other} née {U(L)}", U(L), None, extra_must=tok(other))
        if variant == "veuve":
            style = r.randrange(3)
            if style == 0:
                return out(f"Veuve {L}", L)
            if style == 1:
                return out(f"Vve {U(L)} {F}", U(L), F)
            return out(f"Mme veuve {L} {F}", L, F)
        if variant == "NOM":
            last = r.choice([U(L), U(L), L])
            return out(last, last)
        if variant == "Prénom":
            return Rendered(F, variant, tok(F), [])
        raise ValueError(variant)

    def name(self, p: Person, table=None) -> Rendered:
        variant = self.w(table or TEXT_VARIANTS)
        return self.render(p, variant)

    # ------------------------------------------------------------------ contact data
    def phone_digits(self, kind: str = "mobile") -> str:
        r = self.rng
        if kind == "mobile":
            # metropolitan mobile ranges: 0639 and 069x are overseas, 070-072 unassigned
            while True:
                d = r.choice(["06", "06", "073", "074", "075", "076", "077", "078"])
                d += "".join(r.choice("0123456789") for _ in range(10 - len(d)))
                if not d.startswith(("0639", "069")):
                    return d
        if kind == "voip":
            return "09" + "".join(r.choice("0123456789") for _ in range(8))
        return (
            "04"
            + r.choice(["67", "67", "99", "34", "11"])
            + "".join(r.choice("0123456789") for _ in range(6))
        )

    def phone(self, kind: str | None = None, invalid: bool = False) -> tuple[str, str]:
        """A phone number in one of the many ways people write it; `invalid` for phone columns."""
        r = self.rng
        d = self.phone_digits(kind or self.w([("mobile", 6), ("fixe", 3), ("voip", 1)]))
        pairs = [d[i : i + 2] for i in range(0, 10, 2)]
        if invalid:
            style = r.randrange(6)
            if style == 0:
                return " ".join(pairs)[:-1], "invalide: 9 chiffres"
            if style == 1:
                return " ".join(pairs) + r.choice("0123456789"), "invalide: 11 chiffres"
            if style == 2:
                return "+33 0" + d[1] + " " + " ".join(pairs[1:]), "mal formaté: +33 suivi de 0"
            if style == 3:
                return d[1:], "mal formaté: zéro initial manquant"
            if style == 4:
                return " ".join(pairs)[:-1] + "O", "invalide: lettre O pour zéro"
            return d[:4] + "-" + d[4:7] + "-" + d[7:9], "invalide: 9 chiffres groupés"
        style = self.w(
            [
                ("espaces", 30),
                ("compact", 12),
                ("points", 10),
                ("tirets", 5),
                ("+33 espaces", 8),
                ("+33 compact", 5),
                ("0033", 4),
                ("+33 (0)", 4),
                ("insécables", 5),
                ("(+33)", 2),
                ("groupes de 3", 2),
                ("barres", 2),
                ("+33 points", 2),
            ]
        )
        nat = d[1:]
        natp = [nat[0]] + [nat[i : i + 2] for i in range(1, 9, 2)]
        text = {
            "espaces": " ".join(pairs),
            "compact": d,
            "points": ".".join(pairs),
            "tirets": "-".join(pairs),
            "+33 espaces": "+33 " + " ".join(natp),
            "+33 compact": "+33" + nat,
            "0033": "0033 " + " ".join(natp),
            "+33 (0)": "+33 (0)" + " ".join(natp),
            "insécables": "\u00a0".join(pairs),
            "(+33)": "(+33) " + " ".join(natp),
            "groupes de 3": f"{d[:2]} {d[2:5]} {d[5:8]} {d[8:]}",
            "barres": "/".join(pairs),
            "+33 points": "+33." + ".".join(natp),
        }[style]
        return text, style

    def org_phone(self) -> str:
        d = self.phone_digits("fixe")
        return " ".join(d[i : i + 2] for i in range(0, 10, 2))

    def local_part(self, p: Person) -> str:
        def a(s):
            s = unicodedata.normalize("NFKD", s.lower())
            return re.sub(r"[^a-z]", "", "".join(c for c in s if not unicodedata.combining(c)))

        f = a(p.first) or "x"
        last = a(p.last) or "y"
        r = self.rng
        style = r.randrange(9)
        return [
            f"{f}.{last}",
            f"{f[0]}{last}",
            f"{last}.{f}",
            f"{f}{last}",
            f"{f}_{last}",
            f"{last}{r.randint(1, 99)}",
            f"{f}.{last}{r.randint(30, 99)}",
            f"{f[0]}.{last}",
            f"{f}{last[:3]}{r.choice(['34', '1962', '2001', '87'])}",
        ][style]

    def email(
        self, p: Person, obfuscate: bool = False, invalid: bool = False
    ) -> tuple[str, str, list[str]]:
        """(text, variant, must): the local part's survival is a leak."""
        r = self.rng
        local = self.local_part(p)
        dom = r.choice(EMAIL_DOMAINS)
        name, _, tld = dom.rpartition(".")
        if invalid or obfuscate:
            tpl, var = r.choice(EMAIL_FORMS["invalid" if invalid else "obfuscated"])
            spelled = local.replace(".", " point ")
            text = tpl.format(
                local=local,
                dom=dom,
                name=name,
                tld=tld,
                spelled=spelled,
                typo=name[:-1] + name[-1] * 2,
            )
            return text, var, [spelled if var == "épelé" else local]
        if r.random() < 0.1:
            return (
                f"{local}@{dom}".upper() if r.random() < 0.3 else f"{local.title()}@{dom}",
                "casse",
                [local],
            )
        return f"{local}@{dom}", "standard", [local]

    def org_email(self, org: str) -> str:
        slug = re.sub(
            r"[^a-z0-9]+",
            "-",
            unicodedata.normalize("NFKD", org.lower()).encode("ascii", "ignore").decode(),
        ).strip("-")
        slug = "-".join(
            w
            for w in slug.split("-")
            if w not in ("de", "du", "des", "la", "le", "les", "l", "d", "et")
        )[:28].strip("-")
        flat = slug.replace("-", "")
        return self.rng.choice(
            [
                f"contact@{slug}.fr",
                f"accueil@{slug}.fr",
                f"{flat}@gmail.com",
                f"secretariat.{flat}@orange.fr",
                f"info@{slug}.org",
            ]
        )

    def street(self, person_named: float = 0.5, commune: str = "Montpellier") -> str:
        pool = STREETS_PERSON if self.chance(person_named) else STREETS_PLAIN
        if commune != "Montpellier":
            pool = [s for s in pool if s not in STREETS_MTP_ONLY]
        return self.pick(pool)

    def commune(self, metro: float = 0.9) -> tuple[str, str]:
        if self.chance(metro):
            name, cps, _ = self.rng.choices(COMMUNES, COMMUNE_WEIGHTS)[0]
            return name, self.pick(cps)
        return self.pick(OTHER_HERAULT)

    def address(
        self, commune: tuple[str, str] | None = None, full: bool = True
    ) -> tuple[str, str, list[str]]:
        """(text, variant, must): a home address; must = number + street when there is a number."""
        r = self.rng
        name, cp = commune or self.commune()
        street = self.street(0.45, name)
        num = str(r.choice([r.randint(1, 40), r.randint(1, 40), r.randint(41, 260)]))
        if r.random() < 0.1:
            num += r.choice([" bis", " ter", "bis", "B"])
        core = f"{num} {street}"
        if r.random() < 0.1:
            core = f"{num}, {street}"
        style = r.randrange(8) if full else 0
        if style == 0 and not full:
            return core, "numéro et voie", [core]
        comp = r.choice(ADDRESS_COMPLEMENTS)
        town = r.choice([name, name, upper(name)])
        text, var = [
            (f"{core}, {cp} {town}", "complète"),
            (f"{core} {cp} {town}", "complète sans virgule"),
            (f"{core} - {cp} {town}", "complète tiret"),
            (f"{comp}, {core}, {cp} {town}", "avec complément"),
            (f"{core}, {comp}, {cp} {town}", "avec complément"),
            (f"{core} {town}", "sans code postal"),
            (core, "numéro et voie"),
            (f"{core}, {town}", "sans code postal"),
        ][style]
        return text, var, [core]

    def org_address(self, commune: tuple[str, str] | None = None) -> str:
        r = self.rng
        name, cp = commune or self.commune(0.97)
        return f"{r.randint(1, 120)} {self.street(0.5, name)}, {cp} {name}"

    # ------------------------------------------------------------------ identifiers
    def iban(self, invalid: bool = False) -> tuple[str, str]:
        r = self.rng
        dig = lambda n: "".join(r.choice("0123456789") for _ in range(n))  # noqa: E731
        country = self.w([("FR", 85), ("ES", 4), ("DE", 3), ("BE", 4), ("PT", 4)])
        if country == "FR":
            bank = r.choice(
                [
                    "30002",
                    "30003",
                    "30004",
                    "10278",
                    "13335",
                    "11306",
                    "16807",
                    "20041",
                    "12506",
                    "17515",
                    "14505",
                ]
            )
            branch = dig(5)
            account = dig(11) if r.random() < 0.85 else dig(2) + r.choice("ABCDEFGH") + dig(8)
            acc_num = int("".join(RIB_LETTERS.get(c, c) for c in account))
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * acc_num) % 97
            bban = f"{bank}{branch}{account}{key:02d}"
        else:
            bban = national_bban(country, r)
        iban = country + iban_check(country, bban) + bban
        var = "valide" if country == "FR" else f"valide {country}"
        if invalid:
            style = r.randrange(3)
            if style == 0:
                chk = int(iban[2:4])
                iban = iban[:2] + f"{(chk + r.randint(1, 9)) % 97 or 11:02d}" + iban[4:]
                var = "invalide: clé IBAN"
            elif style == 1:
                iban = iban[:-2]
                var = "invalide: longueur"
            else:
                i = r.randint(6, len(iban) - 3)
                iban = iban[:i] + iban[i + 1] + iban[i] + iban[i + 2 :]
                var = "invalide: chiffres intervertis"
            if iban_valid(iban):
                iban = iban[:-1] + str((int(iban[-1]) + 1) % 10)
        style = self.w(
            [
                ("groupé", 55),
                ("compact", 25),
                ("minuscules", 8),
                ("groupé insécable", 6),
                ("tirets", 6),
            ]
        )
        grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        text = {
            "groupé": grouped,
            "compact": iban,
            "minuscules": grouped.lower(),
            "groupé insécable": grouped.replace(" ", "\u00a0"),
            "tirets": "-".join(iban[i : i + 4] for i in range(0, len(iban), 4)),
        }[style]
        return text, f"{var}, {style}"

    def nir(self, sex: str, year: int, month: int, invalid: bool = False) -> tuple[str, str]:
        r = self.rng
        dept = self.w(
            [
                ("34", 45),
                ("30", 6),
                ("13", 6),
                ("75", 6),
                ("2A", 3),
                ("2B", 2),
                ("99", 14),
                ("69", 4),
                ("31", 5),
                ("11", 4),
                ("66", 5),
            ]
        )
        commune = (
            r.choice(["350", "352", "351", "139", "134", "127", "109", "341"])
            if dept == "99"
            else f"{r.randint(1, 380):03d}"
        )
        mm = f"{month:02d}" if r.random() < 0.95 else r.choice(["20", "30", "99"])
        first13 = (
            f"{1 if sex == 'M' else 2}{year % 100:02d}{mm}{dept}{commune}{r.randint(1, 999):03d}"
        )
        key = nir_key(first13)
        var = "clé valide"
        if dept in ("2A", "2B"):
            var += ", Corse"
        if dept == "99":
            var += ", né à l'étranger"
        text_key = f"{key:02d}"
        if invalid:
            style = r.randrange(3)
            if style == 0:
                text_key = f"{(key + r.randint(1, 96)) % 97 or 1:02d}"
                var = "invalide: mauvaise clé"
            elif style == 1:
                text_key = ""
                var = "invalide: sans clé (13)"
            else:
                first13 = first13[:-1]
                var = "invalide: 14 caractères"
        s = first13
        style = self.w([("espacé", 55), ("compact", 35), ("clé séparée", 10)])
        if style == "espacé":
            parts = [s[0], s[1:3], s[3:5], s[5:7], s[7:10], s[10:]]
            text = " ".join(parts) + (f" {text_key}" if text_key else "")
        elif style == "compact":
            text = s + text_key
        else:
            text = s + (f" / {text_key}" if text_key else "")
        return text, f"{var}, {style}"

    def plate(self) -> tuple[str, str]:
        r = self.rng
        if r.random() < 0.82:
            while True:
                a = r.choice(SIV_LETTERS) + r.choice(SIV_LETTERS)
                b = r.choice(SIV_LETTERS) + r.choice(SIV_LETTERS)
                if a not in ("SS", "WW") and b != "SS":
                    break
            n = f"{r.randint(1, 999):03d}"
            style = self.w(
                [
                    ("SIV tirets", 60),
                    ("SIV espaces", 20),
                    ("SIV compact", 12),
                    ("SIV minuscules", 8),
                ]
            )
            text = {
                "SIV tirets": f"{a}-{n}-{b}",
                "SIV espaces": f"{a} {n} {b}",
                "SIV compact": f"{a}{n}{b}",
                "SIV minuscules": f"{a}-{n}-{b}".lower(),
            }[style]
            return text, style
        letters = "".join(r.choice(SIV_LETTERS) for _ in range(r.choice([2, 3])))
        dept = r.choice(["34", "34", "30", "13", "2A", "12", "11"])
        num = str(r.randint(10, 9999))
        return f"{num} {letters} {dept}", "FNI"

    def birth(
        self, y0: int, y1: int, impossible: bool = False, prose: bool = False
    ) -> tuple[str, str, tuple[int, int, int]]:
        r = self.rng
        y = r.randint(y0, y1)
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        var = "date"
        if impossible:
            d, m, var = r.choice(
                [
                    (31, 2, "impossible: 31/02"),
                    (30, 2, "impossible: 30/02"),
                    (31, 4, "impossible: 31/04"),
                    (31, 6, "impossible: 31/06"),
                    (31, 9, "impossible: 31/09"),
                    (15, 13, "impossible: mois 13"),
                    (0, 5, "impossible: jour 00"),
                    (32, 1, "impossible: 32/01"),
                ]
            )
            if r.random() < 0.15:
                y = r.choice([y1 - y1 % 4 + 1, y1 - y1 % 4 + 2])
                d, m, var = 29, 2, "impossible: 29/02 non bissextile"
        styles = [
            ("jj/mm/aaaa", 50),
            ("aaaa-mm-jj", 12),
            ("jj-mm-aaaa", 8),
            ("jj.mm.aaaa", 6),
            ("j/m/aaaa", 6),
            ("jj/mm/aa", 6),
        ]
        if prose:
            styles = [("jj/mm/aaaa", 60), ("j/m/aaaa", 8), ("jj.mm.aaaa", 5), ("jj-mm-aaaa", 5)]
            if 1 <= m <= 12 and d >= 1:
                styles.append(("en lettres", 30))
        style = self.w(styles)
        text = {
            "jj/mm/aaaa": f"{d:02d}/{m:02d}/{y}",
            "aaaa-mm-jj": f"{y}-{m:02d}-{d:02d}",
            "jj-mm-aaaa": f"{d:02d}-{m:02d}-{y}",
            "jj.mm.aaaa": f"{d:02d}.{m:02d}.{y}",
            "j/m/aaaa": f"{d}/{m}/{y}",
            "jj/mm/aa": f"{d:02d}/{m:02d}/{y % 100:02d}",
            "en lettres": f"{'1er' if d == 1 else d} {MONTHS[m - 1] if 1 <= m <= 12 else ''} {y}",
        }[style]
        return text, f"{var}, {style}", (y, m, d)

    def caf(self, invalid: bool = False) -> tuple[str, str]:
        r = self.rng
        n = f"{r.randint(1, 9999999):07d}"
        if invalid:
            style = r.randrange(3)
            if style == 0:
                return n[:6], "invalide: 6 chiffres"
            if style == 1:
                return n + str(r.randint(0, 9)), "invalide: 8 chiffres"
            return n[:3] + "-" + n[3:], "invalide: tiret"
        style = self.w([("compact", 70), ("espacé", 20), ("préfixe département", 10)])
        if style == "espacé":
            return f"{n[:3]} {n[3:]}", style
        if style == "préfixe département":
            return f"341 {n}", style
        return n, style

    # ------------------------------------------------------------------ decoys
    def siret(self, compact: bool | None = None) -> str:
        r = self.rng
        while True:
            siren = "".join(r.choice("0123456789") for _ in range(8))
            siren += next(c for c in "0123456789" if luhn_ok(siren + c))
            if siren[0] != "0":
                break
        nic4 = f"{r.randint(1, 120):04d}"
        siret = siren + nic4 + next(c for c in "0123456789" if luhn_ok(siren + nic4 + c))
        if compact if compact is not None else r.random() < 0.5:
            return siret
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"

    def amount(self, lo: float, hi: float, cents: bool = True, euro: bool = False) -> str:
        v = self.rng.uniform(lo, hi)
        v = round(v, 2) if cents else round(v / 10) * 10
        whole, dec = f"{v:.2f}".split(".")
        sep = self.pick([" ", "\u00a0", ""]) if len(whole) > 3 else ""
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        text = sep.join(groups) + (f",{dec}" if cents else "")
        return text + (" €" if euro else "")

    def date(self, y0: int, y1: int, iso: bool = False) -> str:
        r = self.rng
        y, m, d = r.randint(y0, y1), r.randint(1, 12), r.randint(1, 28)
        return f"{y}-{m:02d}-{d:02d}" if iso else f"{d:02d}/{m:02d}/{y}"

    def gps(self) -> tuple[str, str]:
        r = self.rng
        lat = f"{r.uniform(43.555, 43.675):.6f}"
        lon = f"{r.uniform(3.78, 3.97):.6f}"
        if r.random() < 0.2:
            lat = lat[:-1] + "0"
        return lat, lon

    def org_person(self) -> str:
        """An organisation named after a person (kept: a legal person)."""
        r = self.rng
        s, s2 = self.pick(ALL_SURNAMES), self.pick(ALL_SURNAMES)
        trade, form = r.choice(TRADES), r.choice(LEGAL_FORMS)
        return r.choice(
            [
                f"{trade} {s}",
                f"{form} {trade} {s} & Fils",
                f"{form} {upper(s)} Frères",
                f"Chez {self.first_name(r.choice('FM'))}",
                f"{trade} {s}-{s2}",
                f"Établissements {s}",
            ]
        )


# ============================================================================= cases, writing, checking
@dataclass
class Case:
    id: str
    tests: str
    fmt: str  # csv | parquet
    encoding: str  # label in the manifest
    codec: str  # Python codec used to write
    delimiter: str
    eol: str
    quoting: str  # minimal | all | text (every non-numeric cell quoted)
    nrows: int
    columns: list[str]
    make_row: Callable[[Gen, int], dict]
    policy: str | None = None
    policy_name: str | None = None
    clean: bool = False
    qi: list[str] | None = None
    k: int | None = None
    pq_types: dict[str, str] = field(default_factory=dict)
    raw_headers: dict[str, str] = field(default_factory=dict)  # header as written, when it differs
    qi_generalize: Callable[[str, str], str] | None = None


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def mask_planted(text: str, planted: list[dict]) -> str:
    """What a perfect anonymizer outputs: each planted value replaced by its tag."""
    for it in sorted(planted, key=lambda x: -len(x["value"])):
        text = text.replace(it["value"], f"[{it['kind']}]")
    return text


def cell_ok(S: ModuleType, text: str, items: list[dict]) -> bool:
    """The key's guarantees for one cell, with the scorer's own matching rules: every planted item
    is found in the input and gone once all planted values are masked (strict tokens too), and every
    decoy survives that masking."""
    planted = [i for i in items if i["planted"]]
    masked = mask_planted(text, planted)
    for it in planted:
        if not S.planted_present(it, text) or S.strict_present(it, masked):
            return False
        if it["kind"] in ("NOM", "PRENOM") and not it["must"]:
            return False
    return all(
        S.decoy_present(d, text) and S.decoy_present(d, masked) for d in items if not d["planted"]
    )


def fmt_csv_cell(v: str, delim: str, quoting: str) -> str:
    need = any(ch in v for ch in (delim, '"', "\n", "\r"))
    if (
        quoting == "all"
        or need
        or (quoting == "text" and v and not re.fullmatch(r"-?[\d\s.,\u00a0]+", v))
    ):
        return '"' + v.replace('"', '""') + '"'
    return v


def encode_text(text: str, codec: str) -> bytes:
    if codec == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(codec)


def write_table(case: Case, path: Path, header: list[str], rows: list[list[str]]) -> None:
    if case.fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = {}
        for j, h in enumerate(header):
            vals = [r[j] for r in rows]
            typ = case.pq_types.get(h)
            if typ == "int64":
                arrays[h] = pa.array([int(v) if v else None for v in vals], pa.int64())
            elif typ == "float64":
                arrays[h] = pa.array([float(v) if v else None for v in vals], pa.float64())
            elif typ == "date32":
                arrays[h] = pa.array(
                    [datetime.date.fromisoformat(v) if v else None for v in vals], pa.date32()
                )
            else:
                arrays[h] = pa.array([v if v else None for v in vals], pa.string())
        pq.write_table(pa.table(arrays), path)
        return
    lines = [
        case.delimiter.join(
            fmt_csv_cell(case.raw_headers.get(h, h), case.delimiter, case.quoting) for h in header
        )
    ]
    lines += [
        case.delimiter.join(fmt_csv_cell(v, case.delimiter, case.quoting) for v in r) for r in rows
    ]
    path.write_bytes(encode_text(case.eol.join(lines) + case.eol, case.codec))


def read_back(case: Case, path: Path, S: ModuleType) -> tuple[list[str], list[list[str]]]:
    """The file as the scorer sees it (Parquet values through str(), as its reader does)."""
    if case.fmt == "parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path)
        data = t.to_pydict()
        return t.column_names, [
            ["" if data[c][i] is None else str(data[c][i]) for c in t.column_names]
            for i in range(t.num_rows)
        ]
    codec = "utf-16" if case.codec == "utf-16" else case.codec
    header, rows, _ = S.read_csv_table(path, codec, case.delimiter)
    return header, rows


def k_min(rows: list[list[str]], idx: list[int], gen=None, heads=None) -> int:
    cnt = Counter(tuple(gen(heads[j], r[j]) if gen else r[j] for j in idx) for r in rows)
    return min(cnt.values())


def build_case(case: Case, seed: int, S: ModuleType, out: Path) -> dict:
    rng = random.Random(f"{seed}:{case.id}")
    g = Gen(rng, case.codec)
    header = list(case.columns)
    for h in header:
        if case.fmt == "csv":
            h.encode(case.codec)  # headers are written as typed: they must fit the file's encoding
    rows: list[list[str]] = []
    cells_items: list[list[list[dict]]] = []
    retries = 0
    for i in range(case.nrows):
        for _attempt in range(300):
            raw = case.make_row(g, i)
            unknown = set(raw) - set(header)
            if unknown:
                raise ValueError(f"{case.id}: unknown columns {unknown}")
            cells = []
            for h in header:
                v = raw.get(h, "")
                cells.append(v if isinstance(v, Cell) else g.cell(v))
            if all(cell_ok(S, c.text(), c.items) for c in cells):
                break
            retries += 1
        else:
            raise RuntimeError(f"{case.id}: row {i} cannot be drawn without token collisions")
        rows.append([c.text() for c in cells])
        cells_items.append([c.items for c in cells])

    path = out / "data" / f"{case.id}.{'parquet' if case.fmt == 'parquet' else 'csv'}"
    write_table(case, path, header, rows)

    # ---- verify every key record against the bytes written
    rh, rrows = read_back(case, path, S)
    if [S.norm(h) for h in rh] != [S.norm(h) for h in header] or len(rrows) != len(rows):
        raise AssertionError(f"{case.id}: header or row count differs after writing")
    planted, decoys = [], []
    for r, (row, items_row) in enumerate(zip(rrows, cells_items, strict=True)):
        if row != rows[r]:
            raise AssertionError(f"{case.id}: row {r} differs after writing")
        for j, items in enumerate(items_row):
            text = row[j]
            if not cell_ok(S, text, items):
                raise AssertionError(
                    f"{case.id}: row {r} column {header[j]} fails the key guarantees"
                )
            for it in items:
                rec = {
                    "row": r,
                    "column": S.norm(header[j]),
                    "value": it["value"],
                    "kind": it["kind"],
                }
                if it["planted"]:
                    rec.update(variant=it["variant"], must=it["must"], strict=it["strict"])
                    rec["id"] = f"{case.id}:P{len(planted):05d}"
                    planted.append(rec)
                else:
                    if "modes" in it:
                        rec["modes"] = it["modes"]
                    rec["id"] = f"{case.id}:D{len(decoys):05d}"
                    decoys.append(rec)
    if case.clean and planted:
        raise AssertionError(f"{case.id}: a clean file holds planted items")

    key_path = out / "keys" / f"{case.id}.json"
    lines = [json.dumps(x, ensure_ascii=False) for x in planted]
    dlines = [json.dumps(x, ensure_ascii=False) for x in decoys]
    key_path.write_text(
        '{"case": '
        + json.dumps(case.id)
        + ',\n"planted": [\n'
        + ",\n".join(lines)
        + '\n],\n"decoys": [\n'
        + ",\n".join(dlines)
        + "\n]}\n",
        encoding="utf-8",
    )
    json.loads(key_path.read_text(encoding="utf-8"))

    entry = {
        "id": case.id,
        "file": f"data/{path.name}",
        "format": case.fmt,
        "encoding": case.encoding if case.fmt == "csv" else "binary",
        "delimiter": {"\t": "TAB"}.get(case.delimiter, case.delimiter) if case.fmt == "csv" else "",
        "line_ending": {"\r\n": "CRLF", "\n": "LF"}[case.eol] if case.fmt == "csv" else "",
        "quoting": case.quoting if case.fmt == "csv" else "",
        "rows": len(rows),
        "columns": [S.norm(h) for h in header],
        "policy": f"policies/{case.policy_name}.yaml" if case.policy else None,
        "key": f"keys/{case.id}.json",
        "output_ext": "parquet" if case.fmt == "parquet" else "csv",
        "clean": case.clean,
        "counts": {
            "planted": dict(sorted(Counter(p["kind"] for p in planted).items())),
            "decoys": dict(sorted(Counter(d["kind"] for d in decoys).items())),
            "planted_total": len(planted),
            "decoys_total": len(decoys),
            "policy_only_decoys": sum(1 for d in decoys if d.get("modes") == ["policy"]),
        },
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "tests": case.tests,
        "draw_retries": retries,
    }
    if case.policy:
        (out / "policies" / f"{case.policy_name}.yaml").write_text(case.policy, encoding="utf-8")
    if case.qi:
        idx = [header.index(q) for q in case.qi]
        before = k_min(rrows, idx)
        after = k_min(rrows, idx, case.qi_generalize, header)
        if after < (case.k or 1):
            raise AssertionError(
                f"{case.id}: k={case.k} not reachable with the policy's generalisations"
            )
        entry.update(
            quasi_identifiers=case.qi, k=case.k, k_min_raw=before, k_min_after_policy_levels=after
        )
    return entry


# ============================================================================= filling helpers
def put_name(c: Cell, g: Gen, p: Person, table=None) -> Cell:
    return c.name(g.name(p, table))


def put_tel(c: Cell, g: Gen, invalid: bool = False, kind: str | None = None) -> Cell:
    return c.p("TEL", *g.phone(kind, invalid))


def put_email(c: Cell, g: Gen, p: Person, obf: bool = False, invalid: bool = False) -> Cell:
    text, var, must = g.email(p, obf, invalid)
    return c.p("EMAIL", text, var, must)


def put_addr(c: Cell, g: Gen, commune=None, full: bool = True) -> Cell:
    text, var, must = g.address(commune, full)
    return c.p("ADRESSE", text, var, must)


def put_birth(
    c: Cell, g: Gen, y0: int, y1: int, impossible: bool = False, prose: bool = False
) -> Cell:
    text, var, _ = g.birth(y0, y1, impossible, prose)
    return c.p("DATE_NAISSANCE", text, var)


def decoy(g: Gen, kind: str, value: str, modes: list[str] | None = None) -> Cell:
    return g.cell().d(kind, value, modes)


def sentences(g: Gen, c: Cell, makers: list, n: int, sep: str = " ") -> Cell:
    """Append n distinct sentence makers' output to c, separated by sep."""
    for j, mk in enumerate(g.rng.sample(makers, min(n, len(makers)))):
        if j:
            c.t(sep)
        mk(c)
    return c


# ============================================================================= s01 cemetery concessions
CEM_ORGS = _items("""
Congrégation des Sœurs de Saint-Joseph, Souvenir Français - comité de Montpellier,
Amicale des anciens sapeurs-pompiers de Castelnau, Association des Anciens Combattants de Lattes,
Paroisse Sainte-Thérèse, Consistoire de l'Église protestante unie de Montpellier,
Œuvre de l'hospitalité de nuit, Mutuelle des cheminots du Languedoc,
Commune de Montpellier (carré militaire), Congrégation des Frères des écoles chrétiennes,
UDAF de l'Hérault, Association Les Petits Frères des Pauvres
""")
RELATIVES = {
    "M": _items("fils, petit-fils, neveu, frère, gendre, cousin, arrière-petit-fils"),
    "F": _items("fille, petite-fille, nièce, sœur, belle-fille, cousine, arrière-petite-fille"),
}


def s01_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    cem = g.pick(CEMETERIES)
    acq_year = r.randint(1952, 2024)
    row["N° concession"] = decoy(
        g,
        "CODE",
        r.choice(
            [
                f"{''.join(w[0] for w in cem.split()[1:3]).upper()}-{acq_year}-{r.randint(1, 999):04d}",
                f"{r.randint(1, 20999):06d}",
            ]
        ),
    )
    row["Cimetière"] = decoy(g, "EQUIPEMENT", cem)
    row["Carré"] = (
        decoy(g, "CODE", f"{r.randint(1, 38):02d}") if g.chance(0.9) else "Carré militaire"
    )
    row["Emplacement"] = decoy(
        g, "CODE", f"Allée {r.choice('ABCDEFGHJK')}, n° {r.randint(1, 240):03d}"
    )
    kind, years = g.w(
        [
            (("perpétuelle", None), 25),
            (("cinquantenaire", 50), 25),
            (("trentenaire", 30), 30),
            (("quinzenaire", 15), 15),
            (("centenaire", 100), 5),
        ]
    )
    row["Type de concession"] = kind
    row["Nature"] = g.pick(
        [
            "Caveau 2 places",
            "Caveau 4 places",
            "Caveau 6 places",
            "Pleine terre",
            "Case de columbarium",
            "Cavurne",
            "Enfeu",
        ]
    )
    acq = f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{acq_year}"
    row["Date d'acquisition"] = decoy(g, "DATE_EVENEMENT", acq)
    row["Date d'échéance"] = "" if years is None else f"{acq[:6]}{acq_year + years}"
    is_org = g.chance(0.12)
    holder = g.person()
    if is_org:
        org = g.pick(CEM_ORGS)
        row["Concessionnaire"] = decoy(g, "ORG", org)
        row["Adresse du concessionnaire"] = decoy(g, "ORG_ADRESSE", g.org_address())
        row["Téléphone"] = decoy(g, "ORG_TEL", g.org_phone()) if g.chance(0.6) else ""
    else:
        table = [*COLUMN_VARIANTS, ("veuve", 6), ("famille", 5), ("couple", 6)]
        if holder.sex == "M":
            table = [t for t in table if t[0] != "veuve"]
        row["Concessionnaire"] = put_name(g.cell(), g, holder, table)
        if g.chance(0.8):
            row["Date de naissance du titulaire"] = put_birth(
                g.cell(), g, 1915, min(1985, acq_year - 20), g.chance(0.14)
            )
        if g.chance(0.85):
            row["Adresse du concessionnaire"] = put_addr(g.cell(), g)
        if g.chance(0.6):
            c = put_tel(g.cell(), g, g.chance(0.14))
            if g.chance(0.15):
                put_tel(c.t(" / "), g)
            row["Téléphone"] = c
    # the deceased
    c = g.cell()
    n = g.w([(0, 12), (1, 45), (2, 30), (3, 13)])
    if n == 0:
        c.t(g.pick(["Aucune inhumation", "Concession vide", ""]))
    for j in range(n):
        if j:
            c.t(g.pick([" ; ", "\n", ", "]))
        dead = g.person()
        dy = r.randint(acq_year, 2024)
        by = dy - r.randint(35, 99)
        c.name(
            g.render(
                dead,
                g.w(
                    [
                        ("NOM Prénom", 40),
                        ("Prénom NOM", 25),
                        ("civilité + nom complet", 10),
                        ("épouse / née", 10),
                        ("majuscules", 15),
                    ]
                ),
            )
        )
        if g.chance(0.2):
            c.t(", né" + ("e" if dead.sex == "F" else "") + " le ")
            put_birth(c, g, by, by, prose=True)
            c.t(f", décédé{'e' if dead.sex == 'F' else ''} en {dy}")
        else:
            c.t(f" ({by}-{dy})")
        if j == 0 and g.chance(0.2):
            spouse = g.first_name("M" if dead.sex == "F" else "F")
            c.t(f" et son {'époux' if dead.sex == 'F' else 'épouse'} ").p(
                "PRENOM", spouse, "prénom seul (texte)", name_tokens(spouse)
            )
            sdy = r.randint(acq_year, 2024)
            c.t(f" ({by + r.randint(-5, 5)}-{sdy})")
    row["Défunts inhumés"] = c
    # heirs
    c = g.cell()
    for j in range(0 if is_org else g.w([(0, 35), (1, 30), (2, 25), (3, 10)])):
        if j:
            c.t(g.pick([" ; ", ", ", "\n"]))
        heir = g.person()
        put_name(
            c,
            g,
            heir,
            [
                ("Prénom Nom", 30),
                ("Prénom NOM", 20),
                ("NOM Prénom", 20),
                ("civilité + nom complet", 20),
                ("épouse / née", 10),
            ],
        )
        c.t(f" ({g.pick(RELATIVES[heir.sex])})")
    row["Ayants droit"] = c
    row["Montant réglé (€)"] = decoy(g, "MONTANT", g.amount(150, 4800))
    if not is_org and g.chance(0.07):
        row["IBAN (remboursement)"] = g.cell().p("IBAN", *g.iban(g.chance(0.2)))
    # observations
    c = g.cell()

    def o_renew(c):
        rel = g.person()
        c.t("Renouvellement demandé par ")
        put_name(c, g, rel).t(f" ({g.pick(RELATIVES[rel.sex])}), tél. ")
        put_tel(c, g).t(".")

    def o_mail(c):
        p = g.person()
        c.t(g.pick(["Contact : ", "Interlocuteur : ", "Correspondant familial : "]))
        put_name(c, g, p).t(" - ")
        put_email(c, g, p, obf=g.chance(0.4))

    def o_marble(c):
        c.t("Travaux de marbrerie confiés à ").d(
            "ORG_PERSONNE", f"Marbrerie {g.pick(ALL_SURNAMES)}"
        )
        c.t(" (SIRET ").d("SIRET", g.siret()).t(").")

    def o_retro(c):
        c.t("Rétrocession à la commune le ").d("DATE_EVENEMENT", g.date(1995, 2024)).t(".")

    def o_abandon(c):
        c.t("État d'abandon constaté le ").d("DATE_EVENEMENT", g.date(2005, 2024))
        c.t(" (procédure de reprise engagée, affichage en mairie).")

    def o_burial(c):
        rn = g.name(
            g.person(), [("civilité + nom complet", 50), ("Prénom NOM", 30), ("NOM Prénom", 20)]
        )
        c.t("Inhumation " + de(rn.text)).name(rn)
        c.t(" par les ").d("ORG_PERSONNE", f"Pompes funèbres {g.pick(ALL_SURNAMES)}").t(" (")
        c.d("ORG_TEL", g.org_phone()).t(").")

    def o_plaque(c):
        c.t("Plaque offerte par l'").d(
            "ORG",
            g.pick(
                [
                    "Amicale des sapeurs-pompiers de Castelnau",
                    "Association des Anciens Combattants de Lattes",
                    "Union nationale des combattants",
                    "Amicale laïque de Clapiers",
                ]
            ),
        ).t(".")

    def o_new_addr(c):
        c.t("Nouvelle adresse du titulaire : ")
        put_addr(c, g).t(".")

    def o_born(c):
        c.t(
            g.pick(
                [
                    "Titulaire né le ",
                    "Date de naissance du titulaire : ",
                    "Précision : titulaire né le ",
                ]
            )
        )
        put_birth(c, g, 1915, min(1985, acq_year - 20), prose=True).t(".")

    def o_permit(c):
        c.t("Permis d'inhumer délivré par la mairie de ").d("COMMUNE", g.commune()[0]).t(".")

    def o_tutor(c):
        c.t("Titulaire sous tutelle : ").d("ORG", "UDAF de l'Hérault").t(", ").d(
            "ORG_TEL", g.org_phone()
        ).t(".")

    def o_refund(c):
        c.t("Remboursement par virement sur le compte ").p("IBAN", *g.iban()).t(".")

    def o_famous(c):
        if cem == "Cimetière protestant":
            c.t("Sépulture proche de celle du peintre ").d("PERSONNALITE", "Frédéric Bazille").t(
                "."
            )
        else:
            c.t("Concession voisine du monument aux morts, rue ").d(
                "VOIE_PERSONNE", g.pick(STREETS_PERSON)
            ).t(" côté entrée.")

    makers = [
        o_renew,
        o_mail,
        o_marble,
        o_retro,
        o_abandon,
        o_burial,
        o_plaque,
        o_new_addr,
        o_born,
        o_permit,
        o_tutor,
        o_refund,
        o_famous,
    ]
    sentences(g, c, makers, g.w([(0, 30), (1, 40), (2, 22), (3, 8)]), g.pick([" ", "\n", " - "]))
    row["Observations"] = c
    return row


S01_POLICY = """\
# Registre des concessions funéraires - politique de publication
version: 1
description: >
  Registre des concessions des cimetières de la Métropole : les titulaires personnes physiques,
  leurs ayants droit et les défunts ne sont pas publiés ; les organismes titulaires restent.
columns:
  "Concessionnaire": redact_natural_persons
  "Ayants droit": redact
  "Défunts inhumés": mask_text
  "Observations": mask_text
  "Date de naissance du titulaire": generalize:year
  "IBAN (remboursement)": drop
  "Montant réglé (€)": keep
default: auto
"""


# ============================================================================= s02 school transport
SCHOOL_CLASSES = [
    "PS",
    "MS",
    "GS",
    "CP",
    "CE1",
    "CE2",
    "CM1",
    "CM2",
    "6e",
    "5e",
    "4e",
    "3e",
    "2nde",
    "1re",
    "Tle",
]  # index = age - 3
ASE_ORGS = _items("""
Aide sociale à l'enfance - Département de l'Hérault, Foyer départemental de l'enfance,
MECS Les Tilleuls, Association Le Refuge, Maison d'enfants Saint-Joseph de Lodève,
Service de placement familial de l'ADPEP 34
""")


def s02_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    child = g.person()
    row["N° inscription"] = decoy(g, "CODE", f"TS-2024-{i + r.randint(1, 40) * 1000:05d}")
    row["Année scolaire"] = "2024-2025"
    last = g.render(child, "NOM")
    row["Nom élève"] = g.cell().name(last)
    row["Prénom élève"] = g.cell().name(g.render(child, "Prénom"), "PRENOM")
    bt, bv, (by, _bm, _bd) = g.birth(2006, 2021, g.chance(0.15))
    row["Date de naissance"] = g.cell().p("DATE_NAISSANCE", bt, bv)
    age = min(max(2024 - by, 3), 18)
    row["Sexe"] = (
        g.pick(["F", "M"]) if g.chance(0.7) else ("Fille" if child.sex == "F" else "Garçon")
    )
    prefix = ("École", "Groupe") if age <= 10 else ("Collège",) if age <= 14 else ("Lycée",)
    school = g.pick(
        [s for s in (SCHOOLS_PERSON if g.chance(0.7) else SCHOOLS_PLAIN) if s.startswith(prefix)]
    )
    row["Établissement"] = decoy(
        g, "EQUIPEMENT_PERSONNE" if school in SCHOOLS_PERSON else "EQUIPEMENT", school
    )
    row["Classe"] = (
        SCHOOL_CLASSES[age - 3]
        if age < 18 and not (age >= 12 and g.chance(0.04))
        else g.pick(["Tle", "ULIS", "1re année CAP"])
    )
    commune = g.commune(0.97)
    row["Commune de résidence"] = decoy(g, "COMMUNE", commune[0])
    row["Adresse"] = put_addr(g.cell(), g, commune, full=g.chance(0.5))
    stop = g.pick(TRAM_STOPS_PERSON + TRAM_STOPS_PLAIN)
    row["Point d'arrêt"] = decoy(g, "ARRET_TRAM", stop)
    row["Ligne"] = g.pick(
        [
            "Tram 1",
            "Tram 2",
            "Tram 3",
            "Tram 4",
            "Ligne 31",
            "Ligne 32",
            "Ligne 40",
            "Hérault Transport 601",
            "Hérault Transport 640",
            "Navette scolaire 7",
        ]
    )
    org_guardian = g.chance(0.06)
    psex = g.pick("FM")
    parent = Person(g.first_name(psex), child.last if g.chance(0.75) else g.surname(), psex)
    if org_guardian:
        org = g.pick(ASE_ORGS)
        row["Représentant légal"] = decoy(g, "ORG", org)
        row["Lien"] = "Service gardien"
        row["Téléphone"] = decoy(g, "ORG_TEL", g.org_phone())
        row["Courriel"] = decoy(g, "ORG_EMAIL", g.org_email(org))
    else:
        row["Représentant légal"] = put_name(g.cell(), g, parent, [*COLUMN_VARIANTS, ("couple", 6)])
        row["Lien"] = g.pick(
            ["Mère", "Mère", "Tutrice", "Grand-mère"]
            if psex == "F"
            else ["Père", "Père", "Tuteur", "Grand-père"]
        )
        row["Téléphone"] = put_tel(g.cell(), g, g.chance(0.15))
        if g.chance(0.6):
            row["Portable"] = put_tel(g.cell(), g, g.chance(0.15), "mobile")
        if g.chance(0.8):
            row["Courriel"] = put_email(g.cell(), g, parent, invalid=g.chance(0.12))
        if g.chance(0.65):
            row["N° allocataire CAF"] = g.cell().p("CAF", *g.caf(g.chance(0.15)))
        row["Quotient familial"] = str(r.randint(180, 2400))
    row["Tarif annuel (€)"] = decoy(
        g, "MONTANT", g.pick(["0,00", "45,00", "90,00", "135,00", "180,00", "250,00"])
    )
    row["Date d'inscription"] = decoy(g, "DATE_EVENEMENT", g.date(2024, 2024))

    def ob_split(c):
        other = g.person()
        c.t("Garde alternée : semaines paires chez ")
        put_name(c, g, other, [("civilité + nom complet", 60), ("Prénom NOM", 40)]).t(", ")
        put_addr(c, g).t(".")

    def ob_ulis(c):
        c.t("Élève en ULIS, accompagné(e) par ")
        put_name(c, g, g.person("F"), [("civilité + nom complet", 50), ("Prénom Nom", 50)]).t(
            " (AESH)."
        )

    def ob_lost(c):
        c.t("Carte perdue, duplicata remis le ").d("DATE_EVENEMENT", g.date(2024, 2025)).t(".")

    def ob_urgent(c):
        c.t("En cas d'urgence : ")
        put_name(
            c,
            g,
            g.person(),
            [("civilité + nom complet", 40), ("Prénom Nom", 30), ("NOM Prénom", 30)],
        )
        c.t(f" ({g.pick(['grand-mère', 'oncle', 'voisine', 'tante', 'parrain'])}) au ")
        put_tel(c, g).t(".")

    def ob_free(c):
        c.t(
            g.pick(
                [
                    "Exonération accordée (famille nombreuse).",
                    "Dossier complet.",
                    "Paiement en trois fois accepté.",
                    "Attestation d'assurance fournie.",
                ]
            )
        )

    def ob_stop(c):
        c.t("Changement d'arrêt : ").d("ARRET_TRAM", g.pick(TRAM_STOPS_PERSON)).t(" au lieu de ")
        c.d("ARRET_TRAM", g.pick(TRAM_STOPS_PLAIN)).t(".")

    def ob_sibling(c):
        sib = g.first_name(g.pick("FM"))
        c.t("Fratrie : ").p("PRENOM", sib, "prénom seul (texte)", name_tokens(sib))
        c.t(f" ({g.pick(SCHOOL_CLASSES)}) inscrit(e) également.")

    def ob_nir(c):
        c.t("N° de sécurité sociale de l'élève (assurance) : ")
        y = r.randint(2006, 2020)
        c.p("NIR", *g.nir(child.sex, y, r.randint(1, 12), g.chance(0.2))).t(".")

    def ob_derog(c):
        s = g.pick(SCHOOLS_PERSON)
        c.t("Dérogation de secteur accordée pour " + le(s)).d("EQUIPEMENT_PERSONNE", s).t(".")

    makers = [ob_split, ob_ulis, ob_lost, ob_urgent, ob_free, ob_stop, ob_sibling, ob_nir, ob_derog]
    row["Observations"] = sentences(
        g, g.cell(), makers, g.w([(0, 55), (1, 35), (2, 10)]), g.pick([" ", "\n"])
    )
    return row


S02_TESTS = (
    "School-transport registrations exported from Excel as 'Unicode text' (UTF-16 LE with BOM, "
    "TAB, CRLF), no policy: pupil Nom/Prénom columns, birth dates (15 % impossible), legal "
    "guardians in every name order (6 % are child-welfare services: kept with their contact "
    "details), phone columns with 15 % invalid numbers, e-mails with 12 % invalid, CAF numbers "
    "with 15 % invalid, home addresses; decoys: schools and tram stops named after people, "
    "communes, fees; free-text notes with third persons, siblings' first names, NIR"
)


# ============================================================================= s03 TLPE declarations
SIGN_TYPES = _items("""
Enseigne parallèle à la façade, Enseigne perpendiculaire, Enseigne scellée au sol,
Enseigne sur toiture, Pré-enseigne, Dispositif publicitaire numérique,
Dispositif publicitaire non numérique, Enseigne lumineuse
""")
BICS = _items("""
AGRIFRPP835, CEPAFRPP348, CCBPFRPPMTG, BNPAFRPPXXX, SOGEFRPP, CMCIFRPP, PSSTFRPPMON, CRLYFRPP,
BPSMFRPPXXX, CCOPFRPPXXX
""")


def s03_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    row["N° déclaration"] = decoy(g, "CODE", f"TLPE-2024-{i + 1:05d}")
    row["Exercice"] = "2024"
    sole = g.chance(0.25)
    owner = g.person()
    if sole:
        c = g.cell()
        put_name(
            c,
            g,
            owner,
            [
                ("Prénom NOM", 30),
                ("NOM Prénom", 30),
                ("Prénom Nom", 20),
                ("civilité + nom complet", 20),
            ],
        )
        c.t(g.pick([" EI", " (EI)", " - entrepreneur individuel", ", micro-entrepreneur", ""]))
        row["Redevable"] = c
        row["Forme"] = g.pick(["EI", "Micro-entreprise", "EI"])
        row["SIRET"] = g.siret()
        trade = g.pick(TRADES)
        row["Enseigne"] = decoy(
            g,
            "ORG_PERSONNE",
            g.pick(
                [
                    f"{trade} {de(owner.first)}{owner.first}",
                    f"Chez {owner.first}",
                    f"L'Atelier {de(owner.first)}{owner.first}",
                ]
            ),
        )
    else:
        if g.chance(0.55):
            org = f"{g.pick(LEGAL_FORMS)} {g.pick(TRADES)} {g.pick(ALL_SURNAMES)}"
            row["Redevable"] = decoy(g, "ORG_PERSONNE", org)
        else:
            org = g.pick(FIRMS_GENERIC)
            row["Redevable"] = decoy(g, "ORG", org)
        row["Forme"] = g.pick([*LEGAL_FORMS[:4], "SA"])
        row["SIRET"] = decoy(g, "SIRET", g.siret())
        row["Enseigne"] = decoy(
            g, "ORG", org.split(" ", 1)[1] if org.split(" ", 1)[0] in LEGAL_FORMS else org
        )
    commune = g.commune(1.0)
    row["Adresse du support"] = decoy(g, "ORG_ADRESSE", g.org_address(commune))
    row["Commune"] = decoy(g, "COMMUNE", commune[0])
    row["Type de dispositif"] = g.pick(SIGN_TYPES)
    surf = round(r.uniform(0.8, 48), 2)
    row["Surface (m²)"] = f"{surf:.2f}".replace(".", ",")
    row["Nombre de faces"] = str(r.choice([1, 1, 1, 2]))
    tarif = r.choice([17.0, 34.0, 35.2, 52.8, 70.4, 105.6])
    row["Tarif (EUR/m²)"] = f"{tarif:.2f}".replace(".", ",")
    row["Montant dû (EUR)"] = decoy(g, "MONTANT", g.amount(0, 6000) if g.chance(0.85) else "0,00")
    signer = owner if sole or g.chance(0.5) else g.person()
    row["Déclarant"] = put_name(g.cell(), g, signer, COLUMN_VARIANTS)
    row["Qualité du déclarant"] = (
        "Entrepreneur individuel"
        if sole
        else g.pick(
            [
                "Gérant",
                "Gérante",
                "Président",
                "Directrice",
                "Responsable administratif",
                "Comptable mandaté",
            ]
        )
    )
    if sole:
        row["Téléphone"] = put_tel(g.cell(), g, g.chance(0.15))
        if g.chance(0.85):
            row["Courriel"] = put_email(g.cell(), g, owner, invalid=g.chance(0.1))
    else:
        row["Téléphone"] = (
            decoy(g, "ORG_TEL", g.org_phone())
            if g.chance(0.72)
            else g.cell().p("TEL", *g.phone("mobile", g.chance(0.1)))
        )
        if g.chance(0.7):
            row["Courriel"] = decoy(g, "ORG_EMAIL", g.org_email(org))
        else:
            row["Courriel"] = put_email(g.cell(), g, signer, invalid=g.chance(0.1))
    if g.chance(0.55):
        row["IBAN (prélèvement)"] = g.cell().p("IBAN", *g.iban(g.chance(0.15)))
        row["BIC"] = decoy(g, "CODE", g.pick(BICS))
    row["Date de déclaration"] = decoy(g, "DATE_EVENEMENT", g.date(2024, 2024))

    def ob_accountant(c):
        c.t("Déclaration déposée par le cabinet ").d(
            "ORG",
            g.pick(
                [
                    "Fiducial Montpellier",
                    "In Extenso Hérault",
                    "KPMG Montpellier",
                    "Cabinet Sud Expertise",
                ]
            ),
        )
        c.t(" (").name(g.render(g.person(), g.pick(["civilité + nom complet", "Prénom NOM"]))).t(
            ", "
        )
        put_tel(c, g).t(").")

    def ob_removed(c):
        c.t("Dépose de l'enseigne constatée le ").d("DATE_EVENEMENT", g.date(2023, 2024)).t(".")

    def ob_exempt(c):
        c.t(
            g.pick(
                [
                    "Exonération : surface cumulée inférieure à 7 m².",
                    "Réfaction de 50 % (surface entre 7 et 12 m²).",
                    "Dispositif exonéré (information sur les horaires).",
                    "Tarif majoré : support numérique.",
                ]
            )
        )

    def ob_appeal(c):
        rn = g.name(signer, [("civilité + nom complet", 50), ("civilité + nom", 50)])
        c.t("Recours gracieux " + de(rn.text)).name(rn).t(" reçu le ")
        c.d("DATE_EVENEMENT", g.date(2024, 2024)).t(".")

    def ob_notice(c):
        c.t("Mise en demeure adressée à ")
        put_name(c, g, signer, [("civilité + nom complet", 60), ("Prénom NOM", 40)]).t(", ")
        put_addr(c, g).t(".")

    def ob_gerance(c):
        c.t("Changement de gérance : ")
        put_name(c, g, g.person(), [("Prénom NOM", 50), ("civilité + nom complet", 50)]).t(
            " remplace "
        )
        put_name(c, g, g.person(), [("Prénom NOM", 50), ("civilité + nom", 50)]).t(".")

    def ob_photo(c):
        c.t("Photo du dispositif transmise par courriel (")
        put_email(c, g, signer, obf=g.chance(0.3)).t(").")

    def ob_place(c):
        c.t("Support situé à l'angle de la ").d("VOIE_PERSONNE", g.pick(STREETS_PERSON)).t(
            ", face à l'arrêt "
        )
        c.d("ARRET_TRAM", g.pick(TRAM_STOPS_PERSON)).t(".")

    makers = [
        ob_accountant,
        ob_removed,
        ob_exempt,
        ob_appeal,
        ob_notice,
        ob_gerance,
        ob_photo,
        ob_place,
    ]
    row["Observations"] = sentences(g, g.cell(), makers, g.w([(0, 35), (1, 45), (2, 20)]))
    return row


S03_POLICY = """\
version: 1
description: "Déclarations de taxe locale sur la publicité extérieure (TLPE), exercice 2024"
columns:
  "Redevable": redact_natural_persons
  "Déclarant": pseudonymize
  "IBAN (prélèvement)": redact
  "SIRET": keep
  "Montant dû (EUR)": keep
  "Observations": mask_text
  "Ancienne adresse": drop
default: auto
"""


# ============================================================================= s04 noise complaints
NOISE_SOURCES = _items("""
Bar / débit de boissons, Chantier, Voisinage, Aboiements, Deux-roues motorisés,
Climatisation / pompe à chaleur, Terrasse, Livraisons, Discothèque, Travaux de nuit,
Salle des fêtes, Feux d'artifice
""")
RESIDENT_ORGS = _items("""
Syndic Foncia Montpellier, Comité de quartier Figuerolles, Association des riverains de l'Écusson,
Collectif Boutonnet au calme, Copropriété Le Clos des Oliviers, Amicale des locataires de la Paillade,
Association Vivre aux Beaux-Arts, Conseil syndical de la résidence Le Parc
""")
BARS = _items("""
Bar Le Baloard, Le Rockstore, Brasserie du Corum, Café de la Mer, Le Bistrot d'Ariane,
Pizzeria Da Enzo, Restaurant La Réserve Rimbaud, Le Black Out, Le Cargo, La Fabrique,
Bodega Los Amigos, Le Comptoir de l'Écusson
""")


def s04_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    dossier = f"NUI-2024-{i + 101:04d}"
    row["N° dossier"] = decoy(g, "CODE", dossier)
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=r.randint(0, 300))
    row["Date de réception"] = decoy(g, "DATE_EVENEMENT", day.strftime("%d/%m/%Y"))
    row["Canal"] = g.pick(
        ["Courriel", "Téléphone", "Formulaire en ligne", "Courrier", "Accueil mairie de quartier"]
    )
    home = g.commune(0.98)
    commune = home[0]
    row["Quartier"] = (
        g.pick(QUARTIERS)
        if commune == "Montpellier"
        else g.pick(["", "Centre", "Centre ancien", "Hameau"])
    )
    row["Commune"] = decoy(g, "COMMUNE", commune)
    source = g.pick(NOISE_SOURCES)
    row["Source du bruit"] = source
    c = g.cell()
    style = r.randrange(5)
    if style == 0:
        c.d("ORG", g.pick(BARS))
    elif style == 1:
        c.d("ORG_PERSONNE", g.org_person())
    elif style == 2:
        c.t("Chantier ").d("VOIE_PERSONNE", g.pick(STREETS_PERSON))
    elif style == 3:
        c.t(g.pick(["Voisin : ", "Logement du dessus, ", "Occupant du 2e étage : "]))
        put_name(
            c,
            g,
            g.person(),
            [("civilité + nom", 50), ("civilité + nom complet", 30), ("NOM Prénom", 20)],
        )
    else:
        c.d("EQUIPEMENT_PERSONNE", g.pick(FACILITIES_PERSON))
    row["Établissement ou lieu mis en cause"] = c
    kind = g.w([("person", 75), ("anonymous", 10), ("org", 15)])
    plaintiff = g.person()
    if kind == "person":
        row["Plaignant"] = put_name(
            g.cell(), g, plaintiff, [*COLUMN_VARIANTS, ("couple", 5), ("famille", 3)]
        )
        c = g.cell()
        parts = r.sample(["tel", "mail", "addr"], r.randint(1, 3))
        for j, part in enumerate(parts):
            if j:
                c.t(g.pick([" / ", "\n", " - ", " ; "]))
            if part == "tel":
                put_tel(c, g)
            elif part == "mail":
                put_email(c, g, plaintiff, obf=g.chance(0.15))
            else:
                put_addr(c, g, home)
        row["Coordonnées du plaignant"] = c
    elif kind == "org":
        org = g.pick(RESIDENT_ORGS)
        row["Plaignant"] = decoy(g, "ORG", org)
        row["Coordonnées du plaignant"] = (
            g.cell().d("ORG_EMAIL", g.org_email(org)).t(" / ").d("ORG_TEL", g.org_phone())
        )
    else:
        row["Plaignant"] = "Anonyme"

    when = [day]
    used: set[int] = set()

    def stamp(c, k):
        if k:
            when.append(when[-1] + datetime.timedelta(days=r.randint(0, 12)))
        c.t(f"[{when[-1].strftime('%d/%m/%Y')} {r.randint(7, 22):02d}:{r.randint(0, 59):02d}] ")

    def user_msg(c):
        p = plaintiff if kind == "person" else g.person()
        if kind == "anonymous":
            c.t(g.pick(["Appel anonyme : ", "Message anonyme : "]))
            bodies = r.sample([b for b in (1, 2, 6, 8) if b not in used] or [2], 1)
        else:
            rn = g.name(
                p,
                [
                    ("civilité + nom complet", 40),
                    ("civilité + nom", 30),
                    ("Prénom Nom", 20),
                    ("minuscules", 10),
                ],
            )
            c.t(
                g.pick(["Courriel ", "Appel ", "Message "]) + de(rn.text)
                if g.chance(0.8)
                else "Formulaire en ligne - "
            ).name(rn)
            c.t(" : ")
            fresh = [b for b in range(9) if b not in used] or [0, 2]
            bodies = r.sample(fresh, min(len(fresh), r.randint(1, 3)))
        used.update(bodies)
        for b in bodies:
            if b == 0:
                c.t(
                    f"Depuis {r.randint(2, 8)} semaines, le bruit dure jusqu'à {r.randint(1, 4)}h du matin. Merci de me rappeler au "
                )
                put_tel(c, g).t(". ")
            elif b == 1:
                boss = g.person()
                c.t("Le gérant, " if boss.sex == "M" else "La gérante, ")
                put_name(
                    c, g, boss, [("Prénom Nom", 40), ("civilité + nom", 40), ("Prénom NOM", 20)]
                )
                c.t(", refuse de baisser le son. ")
            elif b == 2:
                c.t("Le scooter immatriculé ").p("IMMAT", *g.plate()).t(
                    " tourne dans la rue chaque soir. "
                )
            elif b == 3:
                c.t("J'habite au ")
                put_addr(c, g, home, full=g.chance(0.5)).t(", côté cour. ")
            elif b == 4:
                c.t(g.pick(["Vous pouvez m'écrire à ", "Mon adresse : ", "Répondez-moi sur "]))
                put_email(c, g, p, obf=g.chance(0.6)).t(". ")
            elif b == 5:
                ks = g.pick("FM")
                kid = g.first_name(ks)
                c.t(
                    g.pick(
                        ["Ma fille ", "Ma petite-fille "]
                        if ks == "F"
                        else ["Mon fils ", "Mon petit-fils "]
                    )
                )
                c.p("PRENOM", kid, "prénom seul (texte)", name_tokens(kid))
                c.t(f" ({r.randint(2, 11)} ans) ne dort plus. ")
            elif b == 6:
                c.t("Pétition signée par plusieurs voisins, dont ")
                put_name(c, g, g.person(), [("Prénom Nom", 50), ("civilité + nom complet", 50)]).t(
                    " et "
                )
                put_name(c, g, g.person(), [("Prénom Nom", 50), ("civilité + nom", 50)]).t(". ")
            elif b == 7:
                c.t(f"Je suis né{'e' if p.sex == 'F' else ''} le ")
                put_birth(c, g, 1935, 1990, prose=True).t(" et je vis ici depuis trente ans. ")
            else:
                c.t("Vu avec ")
                put_name(c, g, g.person(), [("civilité + nom", 60), ("Prénom NOM", 40)]).t(
                    " du syndic, rien ne bouge. "
                )
        if kind != "anonymous" and g.chance(0.35):
            c.t("Cordialement,\n")
            c.name(g.render(p, g.pick(["Prénom Nom", "Prénom NOM", "initiale", "NOM Prénom"])))

    def admin_msg(c):
        c.t(g.pick(["Réponse du SCHS : ", "Note de l'agent : ", "Réponse du service : "]))
        b = r.randrange(9)
        if b == 0:
            c.t("Votre signalement est enregistré sous le n° ").d("CODE", dossier).t(
                ". Un contrôle sera effectué."
            )
        elif b == 1:
            c.t("Mesure sonométrique réalisée le ").d("DATE_EVENEMENT", g.date(2024, 2024))
            c.t(f" : émergence de {r.randint(3, 14)} dB(A) en période nocturne.")
        elif b == 2:
            c.t("L'établissement ").d("ORG", g.pick(BARS)).t(" a été mis en demeure par arrêté du ")
            c.d("DATE_EVENEMENT", g.date(2024, 2024)).t(".")
        elif b == 3:
            c.t("Le chantier de la ligne 5 de tramway (").d("ORG", g.pick(COMPANIES)).t(
                ") bénéficie d'une dérogation préfectorale."
            )
        elif b == 4:
            c.t("Médiation proposée à la ").d(
                "EQUIPEMENT_PERSONNE",
                g.pick([f for f in FACILITIES_PERSON if f.startswith("Maison pour tous")]),
            ).t(".")
        elif b == 5:
            c.t("Passage de la police municipale ").d("VOIE_PERSONNE", g.pick(STREETS_PERSON))
            c.t(" à 23h40, pas de nuisance constatée.")
        elif b == 6:
            c.t("Le concert de ").d(
                "PERSONNALITE",
                g.pick(
                    ["Jean-Michel Jarre", "Orelsan", "Aya Nakamura", "Stromae", "Juliette Gréco"]
                ),
            )
            c.t(" au ").d("EQUIPEMENT", "Zénith Sud").t(" s'est terminé à 23h30.")
        elif b == 7:
            c.t("Merci de contacter le bailleur ").d(
                "ORG", g.pick(["ACM Habitat", "Hérault Logement", "FDI Habitat", "Promologis"])
            )
            c.t(" au ").d("ORG_TEL", g.org_phone()).t(".")
        else:
            c.t("Pour toute question : Service communal d'hygiène et de santé, 04 67 34 70 00.")

    c = g.cell()
    n = r.randint(1, 5)
    for k in range(n):
        if k:
            c.t("\n")
        stamp(c, k)
        (user_msg if k % 2 == 0 or g.chance(0.3) else admin_msg)(c)
    row["Échanges"] = c
    row["Suite donnée"] = g.pick(
        [
            "Mise en demeure",
            "Contrôle sonométrique",
            "Médiation",
            "Classé sans suite",
            "Procès-verbal",
            "Rappel à la réglementation",
            "En cours",
        ]
    )
    if g.chance(0.7):
        row["Date de clôture"] = decoy(
            g,
            "DATE_EVENEMENT",
            (when[-1] + datetime.timedelta(days=r.randint(1, 60))).strftime("%d/%m/%Y"),
        )
    return row


# ============================================================================= s05 library suggestions (Parquet)
# (title, author, publisher, ISBN publisher prefix after 978-2-)
BOOKS = [
    ("Madame Bovary", "Gustave Flaubert", "Gallimard", "07"),
    ("Les Misérables", "Victor Hugo", "Le Livre de Poche", "253"),
    ("Le Comte de Monte-Cristo", "Alexandre Dumas", "Gallimard", "07"),
    ("Mémoires d'Hadrien", "Marguerite Yourcenar", "Gallimard", "07"),
    ("Les Années", "Annie Ernaux", "Gallimard", "07"),
    ("Chanson douce", "Leïla Slimani", "Gallimard", "07"),
    ("La Vérité sur l'affaire Harry Quebert", "Joël Dicker", "Éditions de Fallois", "87706"),
    ("Vernon Subutex 1", "Virginie Despentes", "Grasset", "246"),
    ("Meursault, contre-enquête", "Kamel Daoud", "Actes Sud", "330"),
    ("Houris", "Kamel Daoud", "Gallimard", "07"),
    ("Stupeur et tremblements", "Amélie Nothomb", "Albin Michel", "226"),
    ("La Plus Secrète Mémoire des hommes", "Mohamed Mbougar Sarr", "Philippe Rey", "84876"),
    ("Petit Pays", "Gaël Faye", "Grasset", "246"),
    ("Jacaranda", "Gaël Faye", "Grasset", "246"),
    ("Nymphéas noirs", "Michel Bussi", "Presses de la Cité", "258"),
    ("Pars vite et reviens tard", "Fred Vargas", "Viviane Hamy", "87858"),
    ("L'Arabe du futur", "Riad Sattouf", "Allary Éditions", "37073"),
    ("Les Cahiers d'Esther", "Riad Sattouf", "Allary Éditions", "37073"),
    ("Persepolis", "Marjane Satrapi", "L'Association", "84414"),
    ("Le Royaume", "Emmanuel Carrère", "P.O.L", "8180"),
    ("Réparer les vivants", "Maylis de Kerangal", "Verticales", "07"),
    ("Veiller sur elle", "Jean-Baptiste Andrea", "L'Iconoclaste", "37880"),
    ("Vivre vite", "Brigitte Giraud", "Flammarion", "08"),
    ("Le Mage du Kremlin", "Giuliano da Empoli", "Gallimard", "07"),
    ("L'Ordre du jour", "Éric Vuillard", "Actes Sud", "330"),
    ("Rien ne s'oppose à la nuit", "Delphine de Vigan", "JC Lattès", "7096"),
    ("Changer l'eau des fleurs", "Valérie Perrin", "Albin Michel", "226"),
    ("Il était deux fois", "Franck Thilliez", "Fleuve Éditions", "265"),
    ("Glacé", "Bernard Minier", "XO Éditions", "84563"),
    ("One Piece - Tome 105", "Eiichirō Oda", "Glénat", "344"),
    ("Naruto - Tome 1", "Masashi Kishimoto", "Kana", "87129"),
    ("Le Petit Prince", "Antoine de Saint-Exupéry", "Gallimard Jeunesse", "07"),
    ("L'Étranger", "Albert Camus", "Gallimard", "07"),
    ("Le Deuxième Sexe", "Simone de Beauvoir", "Gallimard", "07"),
    ("Le Quatrième Mur", "Sorj Chalandon", "Grasset", "246"),
    ("Au revoir là-haut", "Pierre Lemaitre", "Albin Michel", "226"),
    ("Surtensions", "Olivier Norek", "Michel Lafon", "7499"),
    ("Boussole", "Mathias Énard", "Actes Sud", "330"),
    ("Le Consentement", "Vanessa Springora", "Grasset", "246"),
    ("Kafka sur le rivage", "Haruki Murakami", "Belfond", "7144"),
    ("L'Amie prodigieuse", "Elena Ferrante", "Gallimard", "07"),
    ("Americanah", "Chimamanda Ngozi Adichie", "Gallimard", "07"),
    ("Le Chat du rabbin", "Joann Sfar", "Dargaud", "205"),
    ("L'Anomalie", "Hervé Le Tellier", "Gallimard", "07"),
    ("En finir avec Eddy Bellegueule", "Édouard Louis", "Le Seuil", "02"),
    ("Sorcières", "Mona Chollet", "Zones", "35522"),
    ("Culottées", "Pénélope Bagieu", "Gallimard BD", "07"),
    ("Le Département des théories fumeuses", "Tom Gauld", "Éditions 2024", "901000"),
    ("Les Trois Mousquetaires", "Alexandre Dumas", "Le Livre de Poche", "253"),
    ("Yoga", "Emmanuel Carrère", "P.O.L", "8180"),
]
PERSON_TITLES = {
    "Madame Bovary",
    "La Vérité sur l'affaire Harry Quebert",
    "Vernon Subutex 1",
    "Meursault, contre-enquête",
    "Les Cahiers d'Esther",
    "Mémoires d'Hadrien",
    "Le Comte de Monte-Cristo",
    "Kafka sur le rivage",
    "En finir avec Eddy Bellegueule",
}


def s05_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    row["id_suggestion"] = str(20240001 + i)
    row["date_suggestion"] = decoy(g, "DATE_EVENEMENT", g.date(2023, 2024, iso=True))
    media = g.pick(MEDIATHEQUES)
    row["mediatheque"] = decoy(g, "EQUIPEMENT_PERSONNE", media)
    row["numero_carte"] = f"{r.randint(1, 99999999):010d}"
    reader = g.person()
    row["lecteur"] = put_name(g.cell(), g, reader, COLUMN_VARIANTS)
    if g.chance(0.7):
        row["courriel_lecteur"] = put_email(g.cell(), g, reader)
    title, author, publisher, pub = g.pick(BOOKS)
    row["titre"] = decoy(g, "TEXTE", title) if title in PERSON_TITLES or g.chance(0.3) else title
    row["auteur"] = decoy(g, "PERSONNALITE", author)
    row["editeur"] = decoy(g, "ORG", publisher)
    first12 = ("9782" + pub + "".join(r.choice("0123456789") for _ in range(12)))[:12]
    isbn = first12 + isbn13_check(first12)
    if g.chance(0.6):
        isbn = f"{isbn[:3]}-{isbn[3]}-{isbn[4 : 4 + len(pub)]}-{isbn[4 + len(pub) : 12]}-{isbn[12]}"
    row["isbn"] = decoy(g, "CODE", isbn)
    row["public"] = g.pick(["Adulte", "Adulte", "Jeunesse", "Ado", "Tout public"])
    row["prix_ttc"] = decoy(g, "MONTANT", str(round(r.uniform(6, 35) * 2) / 2))

    def c_kid(c):
        kid = g.first_name(g.pick("FM"))
        c.t(f"Pour {g.pick(['ma fille', 'mon fils', 'ma petite-fille', 'mon neveu'])} ")
        c.p("PRENOM", kid, "prénom seul (texte)", name_tokens(kid))
        c.t(f", {r.randint(6, 15)} ans, fan de ").d("PERSONNALITE", g.pick(FAMOUS_AUTHORS)).t(".")

    def c_notify(c):
        c.t("Merci de me prévenir au ")
        put_tel(c, g).t(" ou par mail ")
        put_email(c, g, reader, obf=g.chance(0.6)).t(".")

    def c_teacher(c):
        teacher = g.person()
        c.t("Suggestion faite avec ")
        put_name(c, g, teacher, [("civilité + nom", 60), ("civilité + nom complet", 40)])
        c.t(f", {'enseignante' if teacher.sex == 'F' else 'enseignant'} à l'").d(
            "EQUIPEMENT_PERSONNE", g.pick([s for s in SCHOOLS_PERSON if s.startswith("École")])
        )
        c.t(", pour sa classe de CM1.")

    def c_tv(c):
        c.t("Vu à La Grande Librairie : ").d("PERSONNALITE", g.pick(FAMOUS_AUTHORS)).t(
            " en parlait très bien."
        )

    def c_home(c):
        c.t("Je suis ")
        put_name(c, g, reader, [("Prénom Nom", 60), ("Prénom NOM", 40)]).t(", j'habite ")
        put_addr(c, g).t(" et je n'ai pas de voiture pour aller à la ").d(
            "EQUIPEMENT_PERSONNE", g.pick(MEDIATHEQUES)
        ).t(".")

    def c_plain(c):
        c.t(
            g.pick(
                [
                    "Le tome précédent est toujours indisponible.",
                    "En version gros caractères si possible.",
                    "Existe aussi en livre audio.",
                    "Très demandé au club de lecture.",
                    "Merci !",
                ]
            )
        )

    def c_club(c):
        c.t("Livre conseillé par ")
        put_name(
            c, g, g.person(), [("Prénom Nom", 50), ("civilité + nom complet", 30), ("initiale", 20)]
        )
        c.t(" au club de lecture du jeudi.")

    def c_husband(c):
        c.t(
            f"Déjà demandé en {r.randint(2019, 2023)} par mon {g.pick(['mari', 'épouse', 'compagnon', 'voisin'])} "
        )
        put_name(c, g, g.person(), [("Prénom Nom", 60), ("Prénom NOM", 40)]).t(", sans réponse.")

    def c_sign(c):
        c.t("Cordialement, ").name(
            g.render(reader, g.pick(["Prénom Nom", "initiale", "NOM Prénom"]))
        )

    makers = [c_kid, c_notify, c_teacher, c_tv, c_home, c_plain, c_club, c_husband, c_sign]
    row["commentaire_lecteur"] = sentences(g, g.cell(), makers, g.w([(0, 35), (1, 45), (2, 20)]))

    def a_ordered(c):
        c.t("Commandé le ").d("DATE_EVENEMENT", g.date(2024, 2024)).t(
            ", réservé à votre nom. Retrait à la "
        )
        c.d("EQUIPEMENT_PERSONNE", g.pick(MEDIATHEQUES)).t(".")

    def a_network(c):
        c.t("Disponible en réseau à la ").d("EQUIPEMENT_PERSONNE", g.pick(MEDIATHEQUES)).t(".")

    def a_refused(c):
        c.t("Refusé : titre épuisé chez ").d("ORG", publisher).t(".")

    def a_also(c):
        c.t("Nous avons aussi acquis le dernier ").d("PERSONNALITE", g.pick(FAMOUS_AUTHORS)).t(".")

    def a_cote(c):
        c.t("Déjà au catalogue, cote ").d("CODE", f"R {author.split()[-1][:3].upper()}").t(".")

    answers = [a_ordered, a_network, a_refused, a_also, a_cote]
    row["reponse_bibliotheque"] = sentences(g, g.cell(), answers, g.w([(0, 30), (1, 55), (2, 15)]))
    row["statut"] = g.pick(
        ["Acceptée", "Refusée", "Déjà au catalogue", "En commande", "En attente"]
    )
    row["nb_exemplaires"] = str(r.choice([0, 1, 1, 1, 2, 3]))
    return row


# ============================================================================= s06 sports-club subsidies
SPORTS = [
    ("Handball", "Handball Club"),
    ("Football", "Football Club"),
    ("Rugby", "Rugby Club"),
    ("Judo", "Judo Club"),
    ("Tennis", "Tennis Club"),
    ("Natation", "Cercle des nageurs"),
    ("Athlétisme", "Athlétic Club"),
    ("Basket-ball", "Basket Club"),
    ("Escrime", "Cercle d'escrime"),
    ("Cyclisme", "Union cycliste"),
    ("Pétanque", "Boule amicale"),
    ("Gymnastique", "Gym Club"),
    ("Volley-ball", "Volley Club"),
    ("Canoë-kayak", "Canoë-Kayak Club"),
    ("Aïkido", "Aïkido Club"),
    ("Tir à l'arc", "Compagnie d'arc"),
    ("Voile", "Club nautique"),
    ("Badminton", "Badminton Club"),
    ("Boxe", "Boxing Club"),
    ("Échecs", "Échiquier"),
]
CLUB_PATRONS = _items("""
Pierre de Coubertin, Frédéric Bazille, Jean Bouin, Alain Mimoun, Marcel Cerdan, Suzanne Lenglen,
Georges Carpentier, Marie-José Pérec, Jean Moulin
""")
COMPETITION_TOWNS = _items("""
Vichy, Font-Romeu, Bordeaux, Lyon, Nantes, Perpignan, Toulouse, Rennes
""")


def s06_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    row["Exercice"] = g.pick(["2023", "2024"])
    sport, word = g.pick(SPORTS)
    commune = g.commune(1.0)[0]
    if g.chance(0.2):
        club, ck = f"{word} {g.pick(CLUB_PATRONS)}", "ORG_PERSONNE"
    else:
        club, ck = (
            g.pick(
                [
                    f"{word} {commune}",
                    f"Association sportive {commune} {sport}",
                    f"{word} de {commune}",
                    f"Entente {commune} {sport}",
                ]
            ),
            "ORG",
        )
    row["Club"] = decoy(g, ck, club)
    row["Discipline"] = sport
    row["Commune"] = decoy(g, "COMMUNE", commune)
    row["N° RNA"] = decoy(g, "CODE", f"W34{r.randint(0, 9999999):07d}")
    row["SIRET"] = decoy(g, "SIRET", g.siret())
    pres = g.person()
    pr = g.render(
        pres,
        g.w(
            [
                ("Prénom NOM", 30),
                ("civilité + nom complet", 30),
                ("Prénom Nom", 25),
                ("NOM Prénom", 15),
            ]
        ),
    )
    row["Président(e)"] = decoy(g, "ELU", pr.text, ["policy"])
    if g.chance(0.9):
        row["Trésorier(e)"] = put_name(g.cell(), g, g.person(), COLUMN_VARIANTS)
    if g.chance(0.7):
        row["Contact du club"] = (
            g.cell().d("ORG_EMAIL", g.org_email(club)).t(" / ").d("ORG_TEL", g.org_phone())
        )
    else:
        c = g.cell()
        put_email(c, g, pres).t(" / ")
        put_tel(c, g, kind="mobile")
        row["Contact du club"] = c
    lic = r.randint(18, 900)
    row["Licenciés"] = str(lic)
    row["dont moins de 18 ans"] = str(r.randint(0, lic))
    asked = r.randint(5, 600) * 50
    row["Montant demandé (€)"] = decoy(g, "MONTANT", f"{asked:,}".replace(",", "\u00a0") + ",00")
    row["Montant attribué (€)"] = decoy(
        g, "MONTANT", f"{int(asked * r.choice([0, 0.5, 0.8, 1])):,}".replace(",", "\u00a0") + ",00"
    )
    elu, _role = g.pick(
        [e for e in ELUS if "sport" in e[1] or "associative" in e[1] or "jeunesse" in e[1]]
    )
    row["Élu(e) rapporteur(e)"] = decoy(g, "ELU", elu, ["policy"])
    c = g.cell()
    for j in range(g.w([(0, 65), (1, 20), (2, 10), (3, 5)])):
        if j:
            c.t(" ; ")
        put_name(c, g, g.person(), [("Prénom NOM", 40), ("NOM Prénom", 40), ("Prénom Nom", 20)])
        c.t(f" ({g.pick(['U15', 'U17', 'U18', 'U20', 'minime', 'cadette', 'junior', 'espoir'])})")
    row["Bénéficiaires de l'aide individuelle"] = c

    def o_trip(c):
        c.t(
            f"Aide au déplacement au championnat de France {g.pick(['U17', 'U18', 'senior', 'vétérans'])} à {g.pick(COMPETITION_TOWNS)}."
        )

    def o_coach(c):
        c.t("Stage encadré par ")
        put_name(
            c,
            g,
            g.person(),
            [("Prénom Nom", 50), ("civilité + nom complet", 30), ("Prénom NOM", 20)],
        )
        c.t(", titulaire du BPJEPS.")

    def o_tournament(c):
        venue = g.pick(
            [
                f
                for f in FACILITIES_PERSON
                if f.split()[0] in ("Gymnase", "Stade", "Palais", "Salle", "Piscine")
            ]
        )
        c.t("Organisation du ").d("ORG_PERSONNE", f"Challenge {g.pick(CLUB_PATRONS)}").t(
            " " + au(venue)
        )
        c.d("EQUIPEMENT_PERSONNE", venue).t(".")

    def o_gala(c):
        c.t("Match de gala avec ").d(
            "PERSONNALITE",
            g.pick(
                [
                    "Teddy Riner",
                    "Nikola Karabatic",
                    "Laure Manaudou",
                    "Antoine Dupont",
                    "Kevin Mayer",
                    "Clarisse Agbégnénou",
                    "Léon Marchand",
                ]
            ),
        )
        c.t(" le ").d("DATE_EVENEMENT", g.date(2023, 2024)).t(".")

    def o_gear(c):
        c.t("Achat de matériel (tapis, chronomètres) ; devis de ").d(
            "ORG_PERSONNE", g.org_person()
        ).t(" du ")
        c.d("DATE_EVENEMENT", g.date(2023, 2024)).t(".")

    def o_selected(c):
        c.t("Soutien à ")
        put_name(c, g, g.person(), [("Prénom Nom", 50), ("Prénom NOM", 30), ("NOM Prénom", 20)])
        c.t(", sélectionné(e) en équipe de France jeunes.")

    def o_slot(c):
        venue = g.pick(
            [
                f
                for f in FACILITIES_PERSON
                if f.split()[0] in ("Gymnase", "Stade", "Palais", "Salle", "Piscine")
            ]
        )
        c.t("Créneaux " + au(venue)).d("EQUIPEMENT_PERSONNE", venue).t(" le mercredi de 14h à 18h.")

    def o_rib(c):
        c.t("RIB du club transmis : ").p("IBAN", *g.iban()).t(".")

    def o_accident(c):
        rn = g.name(g.person(), [("Prénom Nom", 60), ("civilité + nom", 40)])
        c.t("Accident " + de(rn.text)).name(rn).t(" à l'entraînement du ").d(
            "DATE_EVENEMENT", g.date(2023, 2024)
        ).t(" ; prise en charge par l'assurance.")

    def o_contact(c):
        c.t("Contact : ")
        put_name(c, g, g.person(), [("Prénom Nom", 50), ("civilité + nom complet", 50)]).t(", ")
        put_tel(c, g).t(".")

    makers = [
        o_trip,
        o_coach,
        o_tournament,
        o_gala,
        o_gear,
        o_selected,
        o_slot,
        o_rib,
        o_accident,
        o_contact,
    ]
    row["Objet / observations"] = sentences(
        g, g.cell(), makers, g.w([(0, 10), (1, 50), (2, 30), (3, 10)])
    )
    return row


S06_POLICY = """\
version: 1
description: Subventions de fonctionnement et aides individuelles aux clubs sportifs
public_columns: ["Président(e)", "Élu(e) rapporteur(e)"]
columns:
  "Président(e)": keep
  "Trésorier(e)": redact
  "Bénéficiaires de l'aide individuelle": redact
  "Objet / observations": mask_text
  "Club": keep
  "SIRET": keep
  "N° RNA": keep
default: auto
"""


# ============================================================================= s07 open-air market roster
MARKETS = [
    ("Marché des Arceaux", "EQUIPEMENT"),
    ("Halles Castellane", "EQUIPEMENT"),
    ("Halles Laissac", "EQUIPEMENT"),
    ("Halles Jacques Cœur", "EQUIPEMENT_PERSONNE"),
    ("Marché de la Mosson", "EQUIPEMENT"),
    ("Marché Plan Cabanes", "EQUIPEMENT"),
    ("Marché paysan de la place Albert 1er", "EQUIPEMENT_PERSONNE"),
    ("Marché des Beaux-Arts", "EQUIPEMENT"),
    ("Marché de la place Jean Jaurès", "EQUIPEMENT_PERSONNE"),
    ("Marché de Lattes centre", "EQUIPEMENT"),
    ("Marché de Pérols", "EQUIPEMENT"),
    ("Marché de Castelnau - place de l'Europe", "EQUIPEMENT"),
    ("Marché bio de la place Frédéric Mistral", "EQUIPEMENT_PERSONNE"),
    ("Marché de Jacou", "EQUIPEMENT"),
]
MARKET_TRADES = _items("""
Maraîcher, Fromager, Primeur, Boucher-charcutier, Poissonnier, Fleuriste, Olives et tapenades,
Rôtisserie, Textile, Bijoux fantaisie, Épices, Miel, Vigneron récoltant, Boulanger,
Traiteur asiatique, Producteur d'œufs
""")
FARMS = _items("""
EARL Les Jardins de Lavérune, GAEC du Mas de Saporta, SCEA Domaine de Grammont, EARL Le Potager du Lez,
GAEC des Garrigues de Murviel, Association Terre de Liens Occitanie, SCIC Les Paniers de Maguelone,
Coopérative oléicole de Pignan, SARL Les Vergers de Saint-Drézéry, Ferme pédagogique de Montaud
""")


def s07_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    market, mk = g.pick(MARKETS)
    row["Marché"] = decoy(g, mk, market)
    row["Jours"] = g.pick(
        ["mar., sam.", "Mercredi", "Du mardi au dimanche", "Samedi", "jeu.", "mar., jeu., sam."]
    )
    row["N° emplacement"] = decoy(
        g,
        "CODE",
        g.pick([f"{r.randint(1, 140):03d}", f"{r.choice('ABCD')}-{r.randint(1, 60):03d}"]),
    )
    row["Métrage (ml)"] = f"{r.choice([2, 3, 4, 5, 6, 8, 10, 12])},00"
    legal = g.chance(0.35)
    holder = g.person()
    if legal:
        if g.chance(0.5):
            org, ok = g.pick(FARMS), "ORG"
        else:
            org, ok = g.org_person(), "ORG_PERSONNE"
        row["Titulaire"] = decoy(g, ok, org)
        row["SIRET"] = decoy(g, "SIRET", g.siret())
        row["Téléphone"] = decoy(g, "ORG_TEL", g.org_phone())
        if g.chance(0.7):
            row["Courriel"] = decoy(g, "ORG_EMAIL", g.org_email(org))
        row["Adresse"] = decoy(g, "ORG_ADRESSE", g.org_address())
    else:
        row["Titulaire"] = put_name(
            g.cell(), g, holder, [*COLUMN_VARIANTS, ("veuve", 2 if holder.sex == "F" else 0)]
        )
        row["SIRET"] = g.siret()
        c = put_tel(g.cell(), g, g.chance(0.15))
        if g.chance(0.15):
            put_tel(c.t(g.pick([" / ", " ou ", "\n"])), g)
        row["Téléphone"] = c
        if g.chance(0.7):
            row["Courriel"] = put_email(g.cell(), g, holder, invalid=g.chance(0.1))
        row["Adresse"] = put_addr(g.cell(), g, g.commune(0.7))
    row["Activité"] = g.pick(MARKET_TRADES)
    if g.chance(0.85):
        row["Immatriculation véhicule"] = g.cell().p("IMMAT", *g.plate())
    row["Redevance trimestrielle (€)"] = decoy(g, "MONTANT", g.amount(40, 900))
    row["Date d'attribution"] = g.date(1995, 2024)
    if g.chance(0.35):
        c = put_name(g.cell(), g, g.person(), COLUMN_VARIANTS)
        row["Suppléant(e)"] = c.t(
            f" ({g.pick(['conjoint', 'conjointe', 'fils', 'fille', 'salarié', 'salariée', 'associé'])})"
        )

    def m_son(c):
        kid = g.first_name(g.pick("FM"))
        c.t(f"Remplacé le samedi par son {g.pick(['fils', 'neveu', 'gendre'])} ").p(
            "PRENOM", kid, "prénom seul (texte)", name_tokens(kid)
        ).t(".")

    def m_spouse(c):
        c.t("Conjoint collaborateur : ")
        put_name(c, g, g.person(), [("civilité + nom complet", 50), ("Prénom NOM", 50)]).t(".")

    def m_van(c):
        c.t("Véhicule frigorifique ").p("IMMAT", *g.plate()).t(" autorisé sur la place.")

    def m_late(c):
        c.t("Retard de paiement, relance du ").d("DATE_EVENEMENT", g.date(2023, 2024)).t(".")

    def m_next(c):
        c.t("Emplacement voisin de ").d("ORG_PERSONNE", g.org_person()).t(".")

    def m_former(c):
        c.t("Ancien emplacement ").d(
            "VOIE_PERSONNE",
            g.pick([s for s in STREETS_PERSON if s.startswith("place")] or STREETS_PERSON),
        ).t(".")

    def m_ddpp(c):
        c.t("Contrôle DDPP du ").d("DATE_EVENEMENT", g.date(2023, 2024)).t(" conforme.")

    def m_phone(c):
        c.t("Joignable le matin au ")
        put_tel(c, g).t(".")

    def m_born(c):
        c.t(
            "Carte de commerçant ambulant : titulaire né"
            + ("e" if holder.sex == "F" else "")
            + " le "
        )
        put_birth(c, g, 1950, 2000, prose=True).t(".")

    def m_address(c):
        c.t("Nouvelle adresse de facturation : ")
        put_addr(c, g).t(".")

    makers = [m_son, m_spouse, m_van, m_late, m_next, m_former, m_ddpp, m_phone, m_born, m_address]
    row["Remarques"] = sentences(g, g.cell(), makers, g.w([(0, 40), (1, 45), (2, 15)]))
    return row


S07_POLICY = """\
version: 1
description: Abonnés des marchés de plein vent et des halles (emplacements, redevances)
columns:
  "Titulaire": redact_natural_persons
  "Suppléant(e)": redact
  "Immatriculation véhicule": drop
  "Date d'attribution": generalize
  "Remarques": mask_text
  "Redevance trimestrielle (€)": keep
"""


# ============================================================================= s08 housing allocation committee
LANDLORDS = _items("""
ACM Habitat, Hérault Logement, FDI Habitat, Promologis, Erilia, CDC Habitat, Un Toit pour Tous,
3F Occitanie
""")
RESERVERS = _items("""
Préfecture (contingent préfectoral), Montpellier Méditerranée Métropole, Action Logement,
Commune de Lattes, Commune de Montpellier, Bailleur (contingent propre),
Département de l'Hérault
""")
RESIDENCES_PERSON = _items("""
Résidence Frédéric Bazille, Résidence Louise Michel, Résidence Jean Jaurès, Résidence Simone Veil,
Résidence Paul Valéry, Résidence Olympe de Gouges, Résidence Pablo Picasso, Résidence Albert Camus
""")
RESIDENCES_PLAIN = _items("""
Résidence Les Hauts de Massane, Résidence Le Petit Bard, Résidence Les Cévennes, Résidence Le Lac des Garrigues,
Résidence Les Jardins de la Lironde, Résidence Le Grand Mail, Résidence Les Terrasses du Lez
""")
HOUSEHOLDS = _lines("""
Personne seule
Couple sans enfant
Couple + 1 enfant
Couple + 2 enfants
Couple + 3 enfants
Monoparental, 1 enfant
Monoparental, 2 enfants
Monoparental, 3 enfants
Personne seule + 1 enfant en garde alternée
""")
SOCIAL_ORGS = _items("""
CCAS de Montpellier, Secours catholique, Habitat et Humanisme, SIAO 34, Croix-Rouge française,
Emmaüs Montpellier, Association Gammes
""")


def s08_plan(g: Gen, sessions: dict, i: int) -> dict:
    s = i // 10
    if s not in sessions:
        pres, prole = g.pick(
            [e for e in ELUS if "logement" in e[1] or "habitat" in e[1] or "solidarités" in e[1]]
        )
        members = g.rng.sample([e for e in ELUS if e[0] != pres], g.rng.randint(3, 5))
        sessions[s] = {
            "date": g.date(2023, 2024),
            "landlord": g.pick(LANDLORDS),
            "pres": (pres, prole),
            "members": members,
            "sep": g.pick([" ; ", "\n", ", "]),
        }
    return sessions[s]


def s08_make_row() -> Callable[[Gen, int], dict]:
    sessions: dict = {}

    def make(g: Gen, i: int) -> dict:
        r = g.rng
        ses = s08_plan(g, sessions, i)
        row: dict = {}
        row["Date de la commission"] = decoy(g, "DATE_EVENEMENT", ses["date"])
        row["Bailleur"] = decoy(g, "ORG", ses["landlord"])
        c = g.cell().d("ELU", ses["pres"][0], ["policy"])
        if i % 3:
            c.t(f", {ses['pres'][1]}")
        row["Président(e) de séance"] = c
        c = g.cell()
        for j, (name, role) in enumerate(ses["members"]):
            if j:
                c.t(ses["sep"])
            c.d("ELU", name, ["policy"]).t(f" ({role})")
        row["Membres présents"] = c
        row["Réservataire"] = decoy(g, "ORG", g.pick(RESERVERS))
        row["N° unique de demande"] = f"034{r.randint(19, 24)}{r.randint(0, 99999999):08d}"
        res = g.pick(RESIDENCES_PERSON) if g.chance(0.4) else g.pick(RESIDENCES_PLAIN)
        commune = g.commune(1.0)[0]
        c = (
            g.cell()
            .t(f"T{r.randint(1, 5)} - ")
            .d("EQUIPEMENT_PERSONNE" if res in RESIDENCES_PERSON else "EQUIPEMENT", res)
        )
        floor = r.randint(0, 9)
        floor_txt = (
            "rez-de-chaussée" if floor == 0 else "1er étage" if floor == 1 else f"{floor}e étage"
        )
        c.t(" (").d("COMMUNE", commune).t(
            f"), bât. {r.choice('ABCDEF')}, {floor_txt}, {r.randint(25, 95)} m²"
        )
        row["Logement proposé"] = c
        row["Loyer + charges (€)"] = decoy(g, "MONTANT", g.amount(280, 820))
        cands = [g.person() for _ in range(3)]
        ctable = [*COLUMN_VARIANTS, ("couple", 6), ("famille", 4), ("épouse / née", 3)]
        row["Candidat rang 1"] = put_name(g.cell(), g, cands[0], ctable)
        if g.chance(0.8):
            row["Candidat rang 2"] = put_name(g.cell(), g, cands[1], ctable)
        if g.chance(0.55):
            row["Candidat rang 3"] = put_name(g.cell(), g, cands[2], ctable)
        row["Composition du foyer (rang 1)"] = g.pick(HOUSEHOLDS)
        row["Ressources mensuelles (rang 1, €)"] = decoy(g, "MONTANT", g.amount(0, 3200))
        row["Décision"] = g.pick(
            [
                "Attribution rang 1",
                "Attribution rang 1",
                "Attribution sous condition suspensive",
                "Non-attribution",
                "Refus du candidat",
                "Ajournement",
                "Attribution rang 2",
            ]
        )
        cand = cands[0]

        def mo_hosted(c):
            c.t("")
            put_name(c, g, cand, [("civilité + nom complet", 50), ("civilité + nom", 50)])
            c.t(
                f" est hébergé{'e' if cand.sex == 'F' else ''} chez {g.pick(['sa sœur', 'son frère', 'sa mère', 'un ami', 'une amie'])} "
            )
            put_name(c, g, g.person(), [("Prénom Nom", 50), ("civilité + nom complet", 50)]).t(
                " au "
            )
            put_addr(c, g).t(".")

        def mo_dalo(c):
            c.t("Dossier reconnu prioritaire DALO (commission de médiation du ").d(
                "DATE_EVENEMENT", g.date(2022, 2024)
            ).t(").")

        def mo_caf(c):
            c.t(g.pick(["Allocataire CAF n° ", "N° CAF : ", "Matricule CAF "])).p(
                "CAF", *g.caf()
            ).t(".")

        def mo_nir(c):
            c.t("NIR ").p(
                "NIR", *g.nir(cand.sex, r.randint(1950, 2000), r.randint(1, 12), g.chance(0.15))
            )
            c.t(" (titre de séjour en cours de renouvellement).")

        def mo_child(c):
            kid = g.first_name(g.pick("FM"))
            c.t("Enfant ").p("PRENOM", kid, "prénom seul (texte)", name_tokens(kid)).t(
                ", né(e) le "
            )
            put_birth(c, g, 2008, 2022, g.chance(0.1), prose=True).t(", scolarisé(e) à l'")
            c.d(
                "EQUIPEMENT_PERSONNE", g.pick([s for s in SCHOOLS_PERSON if s.startswith("École")])
            ).t(".")

        def mo_effort(c):
            c.t(
                g.pick(
                    [
                        "Refus motivé par un taux d'effort supérieur à 35 %.",
                        "Reste à vivre insuffisant.",
                        "Logement inadapté à la composition familiale.",
                        "Pièces justificatives incomplètes.",
                    ]
                )
            )

        def mo_noanswer(c):
            c.t("Le candidat " if cands[1].sex == "M" else "La candidate ")
            put_name(
                c,
                g,
                cands[1],
                [("civilité + nom complet", 40), ("NOM Prénom", 30), ("civilité + nom", 30)],
            )
            c.t(" n'a pas répondu dans le délai de dix jours.")

        def mo_social(c):
            org = g.pick(SOCIAL_ORGS)
            c.t("Accompagnement social par ").d("ORG", org).t(" (").d("ORG_TEL", g.org_phone()).t(
                ")."
            )

        def mo_phone(c):
            c.t("Joignable au ")
            put_tel(c, g).t(".")

        def mo_transfer(c):
            c.t("Mutation interne demandée par ")
            put_name(c, g, cand, [("civilité + nom complet", 50), ("couple", 50)]).t(
                " (logement actuel suroccupé)."
            )

        def mo_withdraw(c):
            rn = g.name(cands[2], [("civilité + nom", 50), ("Prénom Nom", 50)])
            c.t("Désistement " + de(rn.text)).name(rn).t(" par courriel du ")
            c.d("DATE_EVENEMENT", g.date(2023, 2024)).t(" (")
            put_email(c, g, cands[2], obf=g.chance(0.3)).t(").")

        def mo_quota(c):
            c.t("Contingent ").d(
                "ORG",
                g.pick(["Action Logement", "préfectoral", "Montpellier Méditerranée Métropole"]),
            )
            c.t(", accord collectif intercommunal.")

        def mo_born(c):
            c.t(
                f"Demandeur{'se' if cand.sex == 'F' else ''} né{'e' if cand.sex == 'F' else ''} le "
            )
            put_birth(c, g, 1940, 2003, g.chance(0.1), prose=True).t(".")

        makers = [
            mo_hosted,
            mo_dalo,
            mo_caf,
            mo_nir,
            mo_child,
            mo_effort,
            mo_noanswer,
            mo_social,
            mo_phone,
            mo_transfer,
            mo_withdraw,
            mo_quota,
            mo_born,
        ]
        row["Motif"] = sentences(
            g, g.cell(), makers, g.w([(1, 35), (2, 40), (3, 20), (4, 5)]), g.pick([" ", "\n"])
        )
        return row

    return make


S08_POLICY = """\
version: 1
description: >-
  Procès-verbaux des commissions d'attribution des logements et d'examen de l'occupation des
  logements (CALEOL) : décisions nominatives réservées aux membres ; publication anonymisée.
public_columns:
  - "Président(e) de séance"
  - "Membres présents"
columns:
  "N° unique de demande": pseudonymize
  "Candidat rang 1": redact
  "Candidat rang 2": redact
  "Candidat rang 3": redact
  "Motif": mask_text
  "Ressources mensuelles (rang 1, €)": keep
  "Bailleur": keep
default: auto
"""


# ============================================================================= s09 road-works notices (clean)
WORKS = _items("""
Renouvellement du réseau d'eau potable, Raccordement au réseau électrique, Réfection de chaussée,
Déploiement de la fibre optique, Travaux de la ligne 5 de tramway, Élagage des platanes,
Création d'une piste cyclable, Reprise de branchements gaz, Mise en accessibilité des trottoirs,
Réparation d'un collecteur d'assainissement, Pose de bornes de recharge,
Démolition d'un immeuble
""")
OWNERS = _items("""
Montpellier Méditerranée Métropole, Régie des eaux de Montpellier Méditerranée Métropole, Enedis,
GRDF, Orange, SFR FTTH, TaM, Ville de Montpellier, Département de l'Hérault
""")
PERSON_FIRMS = _items("""
Entreprise Jean Lefebvre, Braja Vésigné, Guintoli, Roux Combaluzier, Cazal TP,
Sarl Granier Terrassement, Établissements Castan, Vidal Élagage
""")


def s09_row(g: Gen, i: int) -> dict:
    r = g.rng
    row: dict = {}
    row["Référence"] = decoy(g, "CODE", f"AT-2024-{i + 1:05d}")
    row["N° arrêté"] = decoy(g, "CODE", f"2024-VOI-{r.randint(1, 2400):04d}")
    street = g.pick(STREETS_PERSON) if g.chance(0.6) else g.pick(STREETS_PLAIN)
    kind = "VOIE_PERSONNE" if street in STREETS_PERSON else "VOIE"
    row["Voie"] = decoy(g, kind, street[0].upper() + street[1:])
    row["Code RIVOLI"] = decoy(
        g,
        "CODE",
        g.pick([f"{r.randint(1, 9999):04d}", f"{r.randint(1, 999):04d}{r.choice('ABCDEFGH')}"]),
    )
    c = g.cell()
    style = r.randrange(3)
    if style == 0:
        a, b = r.sample(STREETS_PERSON + STREETS_PLAIN, 2)
        c.t("entre ").d("VOIE_PERSONNE" if a in STREETS_PERSON else "VOIE", a).t(" et ")
        c.d("VOIE_PERSONNE" if b in STREETS_PERSON else "VOIE", b)
    elif style == 1:
        n = r.randint(1, 80)
        c.t(f"du n° {n} au n° {n + 2 * r.randint(5, 40)}")
    else:
        c.t(f"au droit du n° {r.randint(1, 150)}")
    row["Tronçon"] = c
    name, _cps, insee = g.rng.choices(COMMUNES, COMMUNE_WEIGHTS)[0]
    row["Commune"] = decoy(g, "COMMUNE", name)
    row["Code INSEE"] = decoy(g, "CODE", insee)
    row["Nature des travaux"] = decoy(g, "TEXTE", g.pick(WORKS))
    row["Maître d'ouvrage"] = decoy(g, "ORG", g.pick(OWNERS))
    firm = g.pick(PERSON_FIRMS) if g.chance(0.35) else g.pick(COMPANIES)
    row["Entreprise"] = decoy(g, "ORG_PERSONNE" if firm in PERSON_FIRMS else "ORG", firm)
    start = g.date(2024, 2025)
    row["Date de début"] = decoy(g, "DATE_EVENEMENT", start)
    row["Date de fin"] = decoy(g, "DATE_EVENEMENT", g.date(int(start[-4:]), 2025))
    row["Horaires"] = g.pick(
        ["7h30-17h00", "8h00-16h30", "21h00-5h00 (travaux de nuit)", "9h00-16h00", "24h/24"]
    )
    c = g.cell()
    style = r.randrange(4)
    if style == 0:
        c.t("Circulation alternée par feux ; déviation par ").d(
            "VOIE_PERSONNE", g.pick(STREETS_PERSON)
        ).t(".")
    elif style == 1:
        c.t("Arrêt ").d("ARRET_TRAM", g.pick(TRAM_STOPS_PERSON)).t(" déplacé de 50 m.")
    elif style == 2:
        c.t("Route barrée sauf riverains et secours ; accès au ").d(
            "EQUIPEMENT_PERSONNE", g.pick(FACILITIES_PERSON + SCHOOLS_PERSON)
        ).t(" maintenu.")
    else:
        c.t("Pas d'impact sur la circulation.")
    row["Impact circulation"] = c
    if g.chance(0.4):
        row["Arrêt de tram/bus impacté"] = decoy(
            g, "ARRET_TRAM", g.pick(TRAM_STOPS_PERSON + TRAM_STOPS_PLAIN)
        )
    row["Places de stationnement neutralisées"] = str(r.choice([0, 0, 2, 4, 6, 10, 12, 25]))
    c = g.cell()
    style = r.randrange(3)
    if style == 0:
        c.d("ORG_EMAIL", "info-travaux@montpellier3m.fr")
    elif style == 1:
        c.t("Astreinte chantier : ").d("ORG_TEL", g.org_phone())
    else:
        c.d("ORG_EMAIL", g.org_email(firm)).t(" / ").d("ORG_TEL", g.org_phone())
    row["Contact chantier"] = c
    lat, lon = g.gps()
    row["Latitude"] = decoy(g, "GPS", lat)
    row["Longitude"] = decoy(g, "GPS", lon)
    row["Coût estimé (EUR HT)"] = decoy(g, "MONTANT", g.amount(2000, 2500000))
    return row


# ============================================================================= s10 PMR parking cards (k-anonymity)
CARD_TYPES = _items("""
CMI stationnement, CMI invalidité + stationnement, CMI priorité + stationnement,
Carte européenne de stationnement (ancien modèle)
""")


def s10_plan(rng: random.Random, nrows: int, k: int) -> list[tuple[str, int, tuple[str, str]]]:
    """Quasi-identifier groups (sex, 5-year band, commune) of at least k+1 rows each, so that k is
    reachable by the policy's own generalisations (age band, département) without suppression."""
    plan: list = []
    while len(plan) < nrows:
        sex = rng.choice("FM")
        band = rng.choices(range(20, 100, 5), [1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 9, 9, 7, 4, 2])[0]
        name, cps, _ = rng.choices(COMMUNES, COMMUNE_WEIGHTS)[0]
        size = min(rng.randint(k + 1, 4 * k), nrows - len(plan))
        if size <= k and plan:
            plan.extend(plan[-1:] * size)  # the tail joins the last group
            break
        plan.extend([(sex, band, (name, rng.choice(cps)))] * size)
    rng.shuffle(plan)
    return plan[:nrows]


def s10_make_row(nrows: int, k: int) -> Callable[[Gen, int], dict]:
    state: dict = {}

    def make(g: Gen, i: int) -> dict:
        r = g.rng
        if "plan" not in state:
            state["plan"] = s10_plan(r, nrows, k)
        sex, band, (commune, cp) = state["plan"][i]
        age = band + r.randint(0, 4)
        row: dict = {}
        p = g.person(sex)
        row["N° dossier"] = f"CMI-{r.randint(2019, 2024)}-{r.randint(1, 9999):06d}"
        row["Nom de naissance"] = g.cell().name(g.render(p, "NOM"))
        if sex == "F" and g.chance(0.35):
            row["Nom d'usage"] = g.cell().name(g.render(Person(p.first, g.surname(), "F"), "NOM"))
        row["Prénom"] = g.cell().name(g.render(p, "Prénom"), "PRENOM")
        year = 2024 - age
        bt, bv, (_y, bm, _d) = g.birth(year, year, g.chance(0.12))
        row["Date de naissance"] = g.cell().p("DATE_NAISSANCE", bt, bv)
        row["Sexe"] = sex
        row["Âge"] = str(age)
        c = g.cell()
        if g.chance(0.2):
            c.t(g.pick(ADDRESS_COMPLEMENTS) + ", ")
        row["Adresse"] = put_addr(c, g, (commune, cp), full=False)
        row["Code postal"] = cp
        row["Commune"] = commune
        if g.chance(0.8):
            row["Téléphone"] = put_tel(
                g.cell(), g, g.chance(0.15), g.pick(["mobile", "fixe", "fixe"])
            )
        if g.chance(0.7):
            row["N° de sécurité sociale"] = g.cell().p(
                "NIR", *g.nir(sex, year, bm if 1 <= bm <= 12 else 1, g.chance(0.15))
            )
        if g.chance(0.45):
            row["Immatriculation du véhicule"] = g.cell().p("IMMAT", *g.plate())
        tenth = i % 10 == 0
        ctype, decision, length, free = (
            g.pick(CARD_TYPES),
            g.pick(["Accord", "Accord", "Accord", "Refus", "Accord provisoire"]),
            g.pick(["5 ans", "10 ans", "Définitive", "1 an", "2 ans"]),
            g.pick(["Oui", "Non"]),
        )
        for col, val in (
            ("Type de carte", ctype),
            ("Décision", decision),
            ("Durée d'attribution", length),
            ("Gratuité du stationnement", free),
        ):
            row[col] = decoy(g, "NON_QI", val) if tenth else val
        row["Date de dépôt"] = g.date(2022, 2024)

        def ob_daughter(c):
            c.t(
                f"Carte demandée par {g.pick(['sa fille', 'son fils', 'sa nièce', 'son aidant'])}, "
            )
            put_name(c, g, g.person(), [("civilité + nom complet", 60), ("Prénom Nom", 40)]).t(" (")
            put_tel(c, g).t(").")

        def ob_third(c):
            c.t("Tierce personne : ")
            put_name(
                c,
                g,
                g.person(),
                [("civilité + nom complet", 50), ("Prénom NOM", 30), ("NOM Prénom", 20)],
            ).t(".")

        def ob_car(c):
            c.t("Véhicule ").p("IMMAT", *g.plate()).t(
                f" conduit par {g.pick(['son épouse', 'son mari', 'un voisin', 'sa fille'])}."
            )

        def ob_ccas(c):
            c.t("Dossier transmis par le ").d("ORG", f"CCAS de {g.commune(1.0)[0]}").t(".")

        def ob_plain(c):
            c.t(
                g.pick(
                    [
                        "Renouvellement anticipé suite à perte.",
                        "Duplicata remis en main propre.",
                        "Recours gracieux en cours.",
                        "Dossier complet.",
                    ]
                )
            )

        def ob_mail(c):
            q = g.person()
            c.t("Échanges par courriel avec ")
            put_name(c, g, q, [("Prénom Nom", 50), ("civilité + nom", 50)]).t(" : ")
            put_email(c, g, q, obf=g.chance(0.3)).t(".")

        makers = [ob_daughter, ob_third, ob_car, ob_ccas, ob_plain, ob_mail]
        row["Observations"] = sentences(g, g.cell(), makers, g.w([(0, 65), (1, 30), (2, 5)]))
        return row

    return make


def s10_generalize(col: str, value: str) -> str:
    if col == "Âge":
        a = int(value)
        return f"{a - a % 5}-{a - a % 5 + 4}"
    if col == "Code postal":
        return value[:2]
    return value


S10_POLICY = """\
version: 1
description: >
  Registre des cartes mobilité inclusion (mention stationnement) délivrées aux habitants de la
  Métropole ; publication anonymisée, k-anonyme sur le sexe, l'âge et la commune.
columns:
  "N° dossier": drop
  "Nom de naissance": drop
  "Nom d'usage": drop
  "Prénom": redact
  "Date de naissance": drop
  "Âge": generalize:age_band
  "Adresse": drop
  "Code postal": generalize:postcode_department
  "Téléphone": drop
  "N° de sécurité sociale": redact
  "Immatriculation du véhicule": redact
  "Date de dépôt": generalize:month
  "Observations": mask_text
  "Type de carte": keep
quasi_identifiers: ["Sexe", "Âge", "Code postal", "Commune"]
k: 5
"""


# ============================================================================= the ten cases
def cases() -> list[Case]:
    n10, k10 = 600, 5
    return [
        Case(
            "s01_concessions_cimetiere",
            "Cemetery concession register (Windows-1252, ';', CRLF), policy p01 with description, "
            "redact_natural_persons / redact / mask_text / generalize:year / drop / keep: holders mixing "
            "natural persons (veuve, couples, famille) and congregations/associations whose address and "
            "phone stay; birth dates with 14 % impossible ones under generalize:year; the deceased and "
            "heirs in lists (spouse by first name only); notes with relatives' phones and obfuscated "
            "e-mails, refund IBANs; decoys: marble masons and undertakers named after families, SIRET, "
            "concession codes with leading zeros, a famous painter's grave",
            "csv",
            "Windows-1252",
            "cp1252",
            ";",
            "\r\n",
            "minimal",
            450,
            [
                "N° concession",
                "Cimetière",
                "Carré",
                "Emplacement",
                "Type de concession",
                "Nature",
                "Date d'acquisition",
                "Date d'échéance",
                "Concessionnaire",
                "Date de naissance du titulaire",
                "Adresse du concessionnaire",
                "Téléphone",
                "Défunts inhumés",
                "Ayants droit",
                "Montant réglé (€)",
                "IBAN (remboursement)",
                "Observations",
            ],
            s01_row,
            S01_POLICY,
            "p01_concessions_cimetiere",
        ),
        Case(
            "s02_transport_scolaire",
            S02_TESTS,
            "csv",
            "UTF-16",
            "utf-16",
            "\t",
            "\r\n",
            "minimal",
            500,
            [
                "N° inscription",
                "Année scolaire",
                "Nom élève",
                "Prénom élève",
                "Date de naissance",
                "Sexe",
                "Établissement",
                "Classe",
                "Commune de résidence",
                "Adresse",
                "Point d'arrêt",
                "Ligne",
                "Représentant légal",
                "Lien",
                "Téléphone",
                "Portable",
                "Courriel",
                "N° allocataire CAF",
                "Quotient familial",
                "Tarif annuel (€)",
                "Date d'inscription",
                "Observations",
            ],
            s02_row,
        ),
        Case(
            "s03_tlpe_declarations",
            "Outdoor-advertising tax declarations (ISO-8859-1, ',', LF, every cell quoted), policy p03 "
            "(pseudonymize, redact, redact_natural_persons, keep, a column absent from the file): 25 % "
            "sole traders (EI) among companies in Redevable, the natural-person declarant of every "
            "company, company switchboards and contact addresses (kept) next to the manager's mobile "
            "and personal e-mail (removed), direct-debit IBANs (15 % invalid) beside BIC codes (kept); "
            "decoys: signs named after a first name (Chez Paulette), SIRET, amounts",
            "csv",
            "ISO-8859-1",
            "latin-1",
            ",",
            "\n",
            "all",
            400,
            [
                "N° déclaration",
                "Exercice",
                "Redevable",
                "Forme",
                "SIRET",
                "Enseigne",
                "Adresse du support",
                "Commune",
                "Type de dispositif",
                "Surface (m²)",
                "Nombre de faces",
                "Tarif (EUR/m²)",
                "Montant dû (EUR)",
                "Déclarant",
                "Qualité du déclarant",
                "Téléphone",
                "Courriel",
                "IBAN (prélèvement)",
                "BIC",
                "Date de déclaration",
                "Observations",
            ],
            s03_row,
            S03_POLICY,
            "p03_tlpe",
        ),
        Case(
            "s04_plaintes_bruit",
            "Noise complaints with the exchange thread in one multi-line cell (UTF-8 with BOM, ';', "
            "CRLF), no policy: complainants (persons, residents' associations, anonymous), their "
            "contact details mixed in one cell, people complained about (neighbours, bar managers), "
            "obfuscated e-mails, plates, home addresses, children's first names, signatures, birth "
            "dates in prose; decoys in the administration's replies: bars and firms, facilities and "
            "streets named after people, concert artists, dossier numbers, measurement dates; a "
            "service switchboard (unscored)",
            "csv",
            "UTF-8 with BOM",
            "utf-8-sig",
            ";",
            "\r\n",
            "minimal",
            450,
            [
                "N° dossier",
                "Date de réception",
                "Canal",
                "Quartier",
                "Commune",
                "Source du bruit",
                "Établissement ou lieu mis en cause",
                "Plaignant",
                "Coordonnées du plaignant",
                "Échanges",
                "Suite donnée",
                "Date de clôture",
            ],
            s04_row,
        ),
        Case(
            "s05_suggestions_mediatheques",
            "Library readers' purchase suggestions as Parquet (typed int64/float64/date32 columns, "
            "Parquet output), no policy: the reader's name and e-mail next to the author of the "
            "suggested book (famous people, kept), titles naming people (Madame Bovary, Harry Quebert), "
            "publishers, ISBN, médiathèques named after writers; reader comments with phones, "
            "obfuscated e-mails, home addresses, relatives' names, children's first names",
            "parquet",
            "binary",
            "utf-8",
            "",
            "\n",
            "",
            400,
            [
                "id_suggestion",
                "date_suggestion",
                "mediatheque",
                "numero_carte",
                "lecteur",
                "courriel_lecteur",
                "titre",
                "auteur",
                "editeur",
                "isbn",
                "public",
                "prix_ttc",
                "commentaire_lecteur",
                "reponse_bibliotheque",
                "statut",
                "nb_exemplaires",
            ],
            s05_row,
            pq_types={
                "id_suggestion": "int64",
                "date_suggestion": "date32",
                "prix_ttc": "float64",
                "nb_exemplaires": "int64",
            },
        ),
        Case(
            "s06_subventions_clubs_sportifs",
            "Sports-club grants (UTF-8 without BOM, ',', CRLF), policy p06 with public_columns: club "
            "presidents and the rapporteur (public role, decoys in policy mode only), treasurers and "
            "young athletes helped (removed), the club's contact (association e-mail and phone kept, or "
            "the president's own mobile and e-mail removed); decoys: clubs and tournaments named after "
            "famous people, RNA numbers, SIRET, amounts with NBSP thousands, famous athletes",
            "csv",
            "UTF-8",
            "utf-8",
            ",",
            "\r\n",
            "minimal",
            350,
            [
                "Exercice",
                "Club",
                "Discipline",
                "Commune",
                "N° RNA",
                "SIRET",
                "Président(e)",
                "Trésorier(e)",
                "Contact du club",
                "Licenciés",
                "dont moins de 18 ans",
                "Montant demandé (€)",
                "Montant attribué (€)",
                "Élu(e) rapporteur(e)",
                "Bénéficiaires de l'aide individuelle",
                "Objet / observations",
            ],
            s06_row,
            S06_POLICY,
            "p06_clubs_sportifs",
        ),
        Case(
            "s07_marche_plein_vent",
            "Open-air market roster (Windows-1252, TAB, CRLF, a header with a trailing space), policy "
            "p07 without default (redact_natural_persons, redact, drop, generalize without level, "
            "mask_text, keep): stallholders mixing persons and farms/companies whose phone, e-mail, "
            "address and SIRET stay; plates; 15 % invalid phones, two numbers in a cell; substitutes; "
            "remarks with relatives' first names, plates, birth dates; decoys: markets and squares "
            "named after people, pitch codes with leading zeros",
            "csv",
            "Windows-1252",
            "cp1252",
            "\t",
            "\r\n",
            "minimal",
            400,
            [
                "Marché",
                "Jours",
                "N° emplacement",
                "Métrage (ml)",
                "Titulaire",
                "Activité",
                "SIRET",
                "Immatriculation véhicule",
                "Téléphone",
                "Courriel",
                "Adresse",
                "Redevance trimestrielle (€)",
                "Date d'attribution",
                "Suppléant(e)",
                "Remarques",
            ],
            s07_row,
            S07_POLICY,
            "p07_marches",
            raw_headers={"Remarques": "Remarques "},
        ),
        Case(
            "s08_commission_logement",
            "Social-housing allocation committee minutes (UTF-8, ',', LF, multi-line cells), policy p08 "
            "(public_columns as a YAML block list, pseudonymize, redact, mask_text): chair and members "
            "(elected officials and representatives, decoys in policy mode only), ranked candidates in "
            "every rendering (couples, famille, née/épouse), reasons naming hosts and relatives with "
            "addresses, CAF numbers, NIR (15 % bad keys), children's birth dates, e-mails; decoys: "
            "landlords, residences named after people, reservation quotas, social organisations' phones",
            "csv",
            "UTF-8",
            "utf-8",
            ",",
            "\n",
            "minimal",
            300,
            [
                "Date de la commission",
                "Bailleur",
                "Président(e) de séance",
                "Membres présents",
                "Réservataire",
                "N° unique de demande",
                "Logement proposé",
                "Loyer + charges (€)",
                "Candidat rang 1",
                "Candidat rang 2",
                "Candidat rang 3",
                "Composition du foyer (rang 1)",
                "Ressources mensuelles (rang 1, €)",
                "Décision",
                "Motif",
            ],
            s08_make_row(),
            S08_POLICY,
            "p08_commission_logement",
        ),
        Case(
            "s09_avis_travaux_voirie",
            "Road-works notices: a CLEAN file (ISO-8859-1, ';', CRLF, text cells quoted), no policy: "
            "streets, tram stops, facilities and contractors named after people, RIVOLI codes with "
            "leading zeros, INSEE codes, house-number ranges, site hotlines and e-mails, GPS with "
            "trailing zeros, amounts with NBSP thousands — every cell must come back unchanged",
            "csv",
            "ISO-8859-1",
            "latin-1",
            ";",
            "\r\n",
            "text",
            350,
            [
                "Référence",
                "N° arrêté",
                "Voie",
                "Code RIVOLI",
                "Tronçon",
                "Commune",
                "Code INSEE",
                "Nature des travaux",
                "Maître d'ouvrage",
                "Entreprise",
                "Date de début",
                "Date de fin",
                "Horaires",
                "Impact circulation",
                "Arrêt de tram/bus impacté",
                "Places de stationnement neutralisées",
                "Contact chantier",
                "Latitude",
                "Longitude",
                "Coût estimé (EUR HT)",
            ],
            s09_row,
            clean=True,
        ),
        Case(
            "s10_cartes_stationnement_pmr",
            "Disability parking-card register (UTF-8, '|', LF), policy p10 with quasi_identifiers "
            "[Sexe, Âge, Code postal, Commune] and k: 5, reachable with the policy's own levels "
            "(age_band, postcode_department); birth and usage surnames, first names, birth dates (12 % "
            "impossible), street addresses, phones (15 % invalid), NIR (15 % invalid), plates; notes "
            "naming carers; every 10th row's non-QI columns are NON_QI decoys (k-anonymity must not "
            "damage them)",
            "csv",
            "UTF-8",
            "utf-8",
            "|",
            "\n",
            "minimal",
            n10,
            [
                "N° dossier",
                "Nom de naissance",
                "Nom d'usage",
                "Prénom",
                "Date de naissance",
                "Sexe",
                "Âge",
                "Adresse",
                "Code postal",
                "Commune",
                "Téléphone",
                "N° de sécurité sociale",
                "Immatriculation du véhicule",
                "Type de carte",
                "Date de dépôt",
                "Décision",
                "Durée d'attribution",
                "Gratuité du stationnement",
                "Observations",
            ],
            s10_make_row(n10, k10),
            S10_POLICY,
            "p10_cartes_pmr",
            qi=["Sexe", "Âge", "Code postal", "Commune"],
            k=k10,
            qi_generalize=s10_generalize,
        ),
    ]


def vocabulary_stats() -> dict:
    firsts = set(
        FIRST_F_COMMON
        + FIRST_M_COMMON
        + FIRST_U_COMMON
        + FIRST_F_RARE
        + FIRST_M_RARE
        + FIRST_U_RARE
    )
    rare = set(FIRST_F_RARE + FIRST_M_RARE + FIRST_U_RARE)
    return {
        "first_names": len(firsts),
        "rare_first_names": len(rare),
        "rare_share": round(len(rare) / len(firsts), 3),
        "surnames": len(set(ALL_SURNAMES)),
        "surnames_with_particle_apostrophe_or_compound": len(SURNAMES_PARTICLE),
        "communes": len(COMMUNES),
        "streets_named_after_people": len(STREETS_PERSON),
        "famous_people": len(set(FAMOUS_AUTHORS + FAMOUS_OTHERS)),
        "invented_officials": len(ELUS),
    }


def generate(out: Path, seed: int, scorer: Path) -> dict:
    S = load_scorer(scorer)
    for sub in ("data", "keys", "policies"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    entries = []
    for case in cases():
        entry = build_case(case, seed, S, out)
        entries.append(entry)
        c = entry["counts"]
        print(
            f"{case.id:34s} rows={entry['rows']:5d} planted={c['planted_total']:5d} "
            f"decoys={c['decoys_total']:5d} retries={entry['draw_retries']}",
            flush=True,
        )
    manifest = {
        "corpus": "sealed anonymization evaluation set #2 (Montpellier Méditerranée Métropole tables)",
        "generator": "bench/anonymize_sealed2.py",
        "seed": seed,
        "vocabulary": vocabulary_stats(),
        "cases": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    shutil.copyfile(scorer, out / "score.py")
    return manifest


def main(argv: list[str]) -> int:
    score_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, score_args = argv[:cut], argv[cut + 1 :]
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--out",
        required=True,
        help="folder receiving data/, keys/, policies/, manifest.json, score.py",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--scorer", type=Path, default=DEFAULT_SCORER, help="score.py of the public corpus"
    )
    ap.add_argument(
        "--score", action="store_true", help="then run score.py on the anonymizer given by --cli"
    )
    ap.add_argument("--cli", help="anonymizer executable (with --score)")
    a = ap.parse_args(argv)
    out = Path(a.out).resolve()
    if not a.scorer.is_file():
        sys.exit(f"score.py not found at {a.scorer} (pass --scorer)")
    if a.score and not a.cli:
        sys.exit("--score needs --cli")
    mf = out / "manifest.json"
    reuse = False
    if a.score and mf.is_file():
        old = json.loads(mf.read_text(encoding="utf-8"))
        reuse = old.get("generator") == "bench/anonymize_sealed2.py" and old.get("seed") == a.seed
    if not reuse:
        m = generate(out, a.seed, a.scorer)
        tot_p = sum(c["counts"]["planted_total"] for c in m["cases"])
        tot_d = sum(c["counts"]["decoys_total"] for c in m["cases"])
        print(f"{len(m['cases'])} cases, {tot_p} planted items, {tot_d} decoys -> {out}")
    if not a.score:
        return 0
    cmd = [sys.executable, str(out / "score.py"), "--cli", a.cli, *score_args]
    return subprocess.run(cmd, cwd=out).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
