#!/usr/bin/env bash
# Regenerate the example documents in inventories/documents/ (run from the repository root after
# `pip install .`): for each collectivity, the feuille de route and the annual report, FR and EN
# (the report with the indicators measured in 2025, inventories/indicateurs-2025-<name>.csv).
set -euo pipefail
for pair in commune-saint-aubin:commune-saint-aubin-2024 ville-val-de-loire:ville-val-de-loire-2024 \
            metropole-rives:metropole-rives-2024; do
  name=${pair%%:*}; inventory=inventories/${pair##*:}.yaml; scenario=inventories/scenario-$name.yaml
  out=inventories/documents/$name
  for lang in fr en; do
    sobriete roadmap "$scenario" --output "$out" --lang $lang --force
    sobriete report "$inventory" --scenario "$scenario" --indicators "inventories/indicateurs-2025-$name.csv" \
      --output "$out" --lang $lang --force
  done
done
# The town's offline explorer page (one self-contained HTML file).
sobriete explore inventories/ville-val-de-loire-2024.yaml --scenario inventories/scenario-ville-val-de-loire.yaml \
  --output inventories/documents/explorer-ville-val-de-loire.html
