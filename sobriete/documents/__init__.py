"""The documents a collectivity publishes: the annual carbon report and the feuille de route.

Each document is built as plain data (a dict of figures and tables), then rendered by Jinja2
templates to Markdown and to a self-contained HTML page (inline CSS, charts inline as SVG, no
external resource). Every user-facing string exists in French and English (``i18n.py``).
"""
