"""The scenario file written around suggested actions (``sobriete actions suggest``), in French.

Every value goes through a YAML scalar that reads back identically (plain when surely safe, else
double-quoted by PyYAML); long notes are folded and read back as ``folded_text(note)``; comment
lines built from names go through ``yaml_comment`` (one line, nothing can end the comment). The
comments explain each part to the sustainability officer who adapts it.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import yaml

from ..catalogue import _num
from ..errors import InputErrors, error
from ..io.catalogue_file import parse_euros
from ..io.writers import yaml_comment, yaml_dump
from ..locale import _

REEN_YEARS = 3  # the REEN-style objective: −15 % three years after the inventory year
THEMES_FR = {1: "commande publique durable", 2: "cycle de vie du matériel", 3: "écoconception des services",
             4: "sensibilisation des élus et des agents", 5: "citoyens et inclusion",
             6: "territoire connecté et durable, données"}


# Plain (unquoted) only for text made of these characters: no indicator (: # & * ! % @ ` | > ' " { [ ,)
# and no line break can reach YAML's parser unquoted; anything else is double-quoted by PyYAML.
PLAIN_TEXT = re.compile(r"[\w\u00a0 .()/€«»’-]+")


def _scalar(value) -> str:
    """A YAML scalar that reads back as `value`: plain when it surely does, else emitted by PyYAML.

    Text goes plain only when it is made of harmless characters and reads back identically both
    as a mapping value and in a flow sequence; otherwise PyYAML double-quotes it, escaping line
    breaks (``\\n``, U+0085 ``\\N``, U+2028 ``\\L``), control characters and quotes. Numbers and
    booleans are emitted by PyYAML too (``.nan``, ``.inf`` included).
    """
    if not isinstance(value, str):
        if isinstance(value, (bool, int, float)):
            return _dumped(value, style=None)
        value = str(value)
    if PLAIN_TEXT.fullmatch(value) and value == value.strip():
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value} and yaml.safe_load(f"[{value}]") == [value]:
                return value
        except yaml.YAMLError:
            pass
    return _dumped(value, style='"')


def _dumped(value, *, style) -> str:
    text = yaml_dump(value, default_style=style, width=float("inf"))
    return text.removesuffix("\n...\n").removesuffix("\n")


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


NBSP = "\u00a0"


def folded_text(text: str) -> str:
    """What a long note reads as: runs of spaces as one space, French spacing unbreakable."""
    text = " ".join(text.split())
    for mark in (" :", " ;", " €", " %", " ×", "« ", " »"):
        text = text.replace(mark, mark.replace(" ", NBSP))
    return text


def _foldable(text: str) -> bool:
    """A folded block scalar holds only printable text and spaces (no line break, tab, control)."""
    import unicodedata

    return all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in text) and "\ufeff" not in text


def _folded(text: str, indent: int, width: int = 100) -> list[str]:
    """Folded-scalar lines of ``folded_text(text)``: they read back as exactly that text."""
    pad = " " * indent
    return [pad + line for line in textwrap.wrap(folded_text(text), width=width - indent,
                                                 break_long_words=False, break_on_hyphens=False)]


def action_yaml(action: dict, indent: int = 2) -> list[str]:
    """One action mapping as YAML lines (keys in the order of DESIGN §6)."""
    pad = " " * indent
    lines = []
    first = True
    for key in ("id", "label", "lever", "target", "value", "start", "ramp", "cost", "annual_cost", "theme",
                "owner", "actors", "steps", "kpi", "kpi_targets", "energy_saved", "source", "notes"):
        if action.get(key) in (None, "", [], {}):
            continue
        value = action[key]
        lead = f"{pad}- " if first else f"{pad}  "
        first = False
        if key == "steps":
            lines.append(f"{lead}steps:")
            for step in value:
                lines.append(f"{pad}    - {{date: {_scalar(step['date'])}, label: {_scalar(step['label'])}}}")
        elif key in ("notes", "source") and len(str(value)) > 60 and _foldable(str(value)):
            lines.append(f"{lead}{key}: >-")
            lines.extend(_folded(str(value), indent + 4))
        elif isinstance(value, (dict, list)):
            lines.append(f"{lead}{key}: {_flow(value)}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def suggest_scenario_yaml(inventory_path, actions, horizon=None, *, inventory=None, output_path=None,
                          factor_set=None) -> str:
    """A complete scenario (DESIGN §6) around `actions`, commented in French.

    `baseline` is the inventory's path relative to `output_path`'s folder (relative to the current
    folder when the scenario is printed); `horizon` defaults to the inventory year + 6; the trend is
    0 % (to adjust); the two objectives are a REEN-style −15 % three years after the inventory
    year and the SBTi 4.2 %/year linear trajectory.
    """
    if inventory is None:
        from ..io.factor_files import load_factors
        from ..io.inventory import load_inventory

        inventory = load_inventory(inventory_path, factor_set or load_factors())
    year = inventory.year
    horizon = int(horizon) if horizon is not None else year + 6
    if horizon <= year:
        raise InputErrors([error(_("the horizon must come after the inventory year {year}"), year=str(year), column="horizon",
                                 value=horizon)])
    target_year = min(year + REEN_YEARS, horizon)
    base_folder = Path(output_path).resolve().parent if output_path else Path.cwd()
    try:
        baseline = Path(os.path.relpath(Path(inventory_path).resolve(), base_folder)).as_posix()
    except ValueError:  # another drive (Windows): keep the absolute path
        baseline = Path(inventory_path).resolve().as_posix()
    name = inventory.organisation.name
    total_cost = sum(parse_euros(a.get("cost", 0)) + parse_euros(a.get("annual_cost", 0))
                     * max(0, horizon - int(a["start"]) + 1) for a in actions)
    out = [
        "# " + "=" * 98,
        yaml_comment(f"Scénario de réduction de l'empreinte numérique — {name} (inventaire {year})"),
        "# " + "=" * 98,
        "# Écrit par `sobriete actions suggest` à partir du catalogue factors/actions.yaml : chaque action",
        "# est une candidate pour la stratégie numérique responsable (loi REEN) et la feuille de route.",
        "#",
        "# À relire et adapter : valeurs, dates, responsables et coûts sont des propositions. Les coûts sont",
        "# en euros HT ; `cost` est ponctuel (investissement), `annual_cost` récurrent (fonctionnement,",
        "# négatif pour une économie). Coût total d'une action = cost + annual_cost × (horizon − start + 1).",
        "# Les notes de chaque action donnent l'effet estimé, le calcul du coût et la source de chaque",
        "# chiffre, ou « hypothèse » quand aucune source publiée n'existe.",
        "#",
        f"# Somme des coûts totaux de toutes les candidates sur la période : {_num(total_cost)} € HT.",
        "#",
        "# Lancer :",
        "#   sobriete scenario CE_FICHIER                       (toutes les actions retenues)",
        "#   sobriete scenario CE_FICHIER --propose --budget 150000",
        "#                                                      (le plan le moins cher qui atteint les objectifs)",
        "# " + "=" * 98,
        "",
        f"title: {_scalar(f'Stratégie numérique responsable — {name}')}",
        f"baseline: {_scalar(baseline)}    # inventaire de référence, chemin relatif à ce fichier",
        f"horizon: {horizon}",
        "method: amortized",
        "",
        "# Évolution tendancielle par an, sans le plan (hausse ou baisse du parc, de l'électricité…).",
        "# 0 % par défaut : à ajuster, par exemple devices: 2% ou electricity.FR: -1%.",
        "trend:",
        "  devices: 0%",
        "  hosting: 0%",
        "  services: 0%",
        "",
        "# Financements et partenaires envisagés (texte libre repris dans la feuille de route) : à adapter.",
        "funding: " + _scalar("DSIL (dotation de soutien à l'investissement local), certificats d'économies "
                              "d'énergie pour la salle serveur, mutualisation avec l'EPCI ou le syndicat numérique"),
        "partners: " + _scalar("Syndicat ou opérateur public de services numériques, acteurs locaux du "
                               "reconditionnement (ESS), centrale d'achat public"),
        "",
        "objectives:",
        "  # Objectif de la stratégie numérique responsable (décret 2022-1084) : −15 % en trois ans.",
        f"  - id: reen-{target_year}",
        f"    label: {_scalar(f'Réduire de 15 % l’empreinte carbone du numérique entre {year} et {target_year}')}",
        "    metric: total",
        "    reduction: 15%",
        f"    reference_year: {year}",
        f"    target_year: {target_year}",
        "    indicator: tCO2e par an (bilan annuel de la stratégie, débat d'orientation budgétaire)",
        "  # Trajectoire compatible 1,5 °C (SBTi, contraction absolue linéaire de 4,2 % par an).",
        "  - id: trajectoire-sbti",
        f"    label: {_scalar('Suivre la trajectoire SBTi 1,5 °C : −4,2 % par an')}",
        "    metric: total",
        "    annual_reduction: 4.2%",
        f"    reference_year: {year}",
        "    indicator: tCO2e par an",
        "",
        "# Actions candidates, dans l'ordre du catalogue. Thèmes REEN : 1 commande publique, 2 cycle de",
        "# vie du matériel, 3 écoconception, 4 sensibilisation, 5 citoyens, 6 territoire et données.",
        "actions:" if actions else "actions: []",
    ]
    for action in actions:
        theme = action.get("theme")
        out.append("")
        out.append("  " + yaml_comment(f"--- {action.get('label', action['id'])} "
                                       f"(thème {theme} : {THEMES_FR.get(theme, '')})"))
        out.extend(action_yaml(action))
    return "\n".join(out) + "\n"
