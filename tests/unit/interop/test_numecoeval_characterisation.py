"""NumÉcoÉval characterisation factors → factor file → per-equipment results by NumÉcoÉval's rules.

Hand-made reference files: an item ``laptop-x`` and a server ``srv-x``, the FR and DE mixes. The
expected figures apply NumÉcoÉval's rules (REFERENCES §3) by hand, criterion by criterion:
manufacturing + distribution + end of life = quantity × Σ steps × rate / lifespan (days / 365);
use = quantity × consoElecAnnuelle × mix(country) × rate (× the data centre's PUE for a server).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sobriete.cli.main import cli

REFERENCE = """nom;etapeacv;critere;description;niveau;tiers;categorie;consoElecMoyenne;localisation;valeur;unite;source
laptop-x;FABRICATION;Climate change;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;250.5;Item;test
laptop-x;DISTRIBUTION;Climate change;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;20.25;Item;test
laptop-x;FIN_DE_VIE;Climate change;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;1.125;Item;test
laptop-x;UTILISATION;Climate change;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;99;Item;test
laptop-x;FABRICATION;Resource use (minerals and metals);Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;0.013;Item;test
laptop-x;FIN_DE_VIE;Resource use (minerals and metals);Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;0.0005;Item;test
laptop-x;FABRICATION;Ionising radiation;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;68.16;Item;test
laptop-x;FABRICATION;Land use;Laptop;2-Equipement;End-user/Terminals;Consultation;26.6;France;5;Item;test
srv-x;FABRICATION;Climate change;Server;2-Equipement;Datacenter;IT equipment;3721;France;2226.09;Item;test
srv-x;FIN_DE_VIE;Climate change;Server;2-Equipement;Datacenter;IT equipment;3721;France;6.97;Item;test
srv-x;FABRICATION;Resource use (minerals and metals);Server;2-Equipement;Datacenter;IT equipment;3721;France;0.055;Item;test
srv-x;FABRICATION;Ionising radiation;Server;2-Equipement;Datacenter;IT equipment;3721;France;450;Item;test
Electricity Mix FR;FABRICATION;Climate change;;0-Base data;;electricity-mix;;France;0.0813225;;Base IMPACTS
Electricity Mix FR;FABRICATION;Resource use (minerals and metals);;0-Base data;;electricity-mix;;France;0.0000000485798;;Base IMPACTS
Electricity Mix FR;FABRICATION;Ionising radiation;;0-Base data;;electricity-mix;;France;3.23443;;Base IMPACTS
Electricity Mix DE;FABRICATION;Climate change;;0-Base data;;electricity-mix;;Germany;0.657374;;Base IMPACTS
Electricity Mix DE;FABRICATION;Resource use (minerals and metals);;0-Base data;;electricity-mix;;Germany;0.0000000878733;;Base IMPACTS
Electricity Mix DE;FABRICATION;Ionising radiation;;0-Base data;;electricity-mix;;Germany;0.958296;;Base IMPACTS
Electricity Mix XX;FABRICATION;Climate change;;0-Base data;;electricity-mix;;Non spécifié;0.5;;Base IMPACTS
"""
DATACENTERS = "nomCourtDatacenter;nomLongDatacenter;pue;localisation\nDC1;Salle serveurs;1.5;Germany\n"
PHYSICAL = """nomEquipementPhysique;modele;quantite;nomCourtDatacenter;dateAchat;dateRetrait;type;paysDUtilisation;consoElecAnnuelle;modeUtilisation
PC-1;;10;;2022-01-01;2024-12-31;Laptop;France;30;COPE
SRV-1;;2;DC1;2021-03-01;2025-03-01;Server;France;2000;
"""


def _import(tmp_path):
    files = {"ref_FacteurCaracterisation.csv": REFERENCE, "datacenters.csv": DATACENTERS,
             "equipementsPhysiques.csv": PHYSICAL}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    factors, inventory = tmp_path / "facteurs.yaml", tmp_path / "inventaire.yaml"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "numecoeval", *(str(tmp_path / n) for n in files),
                                 "--factors-output", str(factors), "--map-type", "Laptop=laptop-x",
                                 "--map-type", "Server=srv-x", "--output", str(inventory), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "Land use (1 rows)" in result.stderr and "Non spécifié" in result.stderr
    result = runner.invoke(cli, ["footprint", str(inventory), "--factors", str(factors), "--format", "json",
                                 "--draws", "0"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_per_equipment_results_follow_numecoeval_for_every_criterion(tmp_path):
    document = _import(tmp_path)
    laptop, server = document["lines"]
    # Laptop: REEL lifespan = 1095 days / 365 = 3 NumÉcoÉval years; COPE rate 0.8; in France.
    life, rate = 1095 / 365, 0.8
    expected_laptop = {
        "climate_change": 10 * (250.5 + 20.25 + 1.125) * rate / life + 10 * 30 * 0.0813225 * rate,
        "resource_use_minerals_metals": 10 * (0.013 + 0.0005) * rate / life + 10 * 30 * 0.0000000485798 * rate,
        "ionising_radiation": 10 * 68.16 * rate / life + 10 * 30 * 3.23443 * rate,
    }
    # Server in DC1 (Germany, PUE 1.5): 2021-03-01 → 2025-03-01 = 1461 days / 365.
    life = 1461 / 365
    expected_server = {
        "climate_change": 2 * (2226.09 + 6.97) / life + 2 * 2000 * 1.5 * 0.657374,
        "resource_use_minerals_metals": 2 * 0.055 / life + 2 * 2000 * 1.5 * 0.0000000878733,
        "ionising_radiation": 2 * 450 / life + 2 * 2000 * 1.5 * 0.958296,
    }
    for line, expected in ((laptop, expected_laptop), (server, expected_server)):
        assert set(line["impacts"]) == set(expected)
        for criterion, value in expected.items():
            assert line["impacts"][criterion] == pytest.approx(value, rel=1e-9), criterion
    for criterion in ("resource_use_minerals_metals", "ionising_radiation"):
        assert document["criteria"][criterion]["coverage"] == 1.0
        assert document["criteria"][criterion]["total"] == pytest.approx(
            expected_laptop[criterion] + expected_server[criterion], rel=1e-9)


def test_characterisation_file_needs_factors_output_and_checks_values(tmp_path):
    reference = tmp_path / "ref.csv"
    reference.write_text(REFERENCE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "numecoeval", str(reference)])
    assert result.exit_code == 2 and "--factors-output" in result.output
    reference.write_text(REFERENCE.replace(";250.5;", ";abc;").replace(";FIN_DE_VIE;Climate change;Server",
                                                                         ";RECYCLAGE;Climate change;Server"),
                         encoding="utf-8")
    result = runner.invoke(cli, ["import", "numecoeval", str(reference), "--factors-output",
                                 str(tmp_path / "f.yaml")])
    assert result.exit_code == 2
    assert f"{reference}:2: valeur: not a number" in result.output
    assert f"{reference}:11: etapeacv: unknown life-cycle step 'RECYCLAGE'" in result.output
    assert not (tmp_path / "f.yaml").exists()
