"""Rendering shared by the documents: Jinja2 → Markdown → self-contained HTML, written safely.

One Markdown template per document is the source of truth. The Markdown file references its
charts as SVG files written next to it (``charts/``); the HTML page is the same Markdown turned
into HTML (Python-Markdown, tables extension), with the charts inlined as SVG and the CSS inline,
so it has no external resource and prints well. User-provided text (names, labels) is escaped
before it reaches Markdown, so it can never inject HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..errors import InputErrors, error
from ..io.writers import atomic_write
from . import i18n

MANIFEST = ".sobriete-documents.json"
CHART_MARK = re.compile(r"<!--chart:([a-z0-9_-]+)-->")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")

CSS = """
body{font-family:"Marianne","Segoe UI",Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#161616;line-height:1.5}
h1{color:#000091;border-bottom:3px solid #000091;padding-bottom:.3rem}
h2{color:#000091;margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{margin-top:1.5rem}
table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
th{background:#eef;text-align:left}
td[style*="right"],th[style*="right"]{font-variant-numeric:tabular-nums}
figure{margin:1.5rem 0;text-align:center;page-break-inside:avoid}
figure svg{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#555}
.met{color:#18753c;font-weight:bold}.missed{color:#ce0500;font-weight:bold}
blockquote{border-left:4px solid #000091;margin:1rem 0;padding:.2rem 1rem;background:#f6f6fb}
@media print{body{max-width:none;margin:0}h2{page-break-before:auto}table,figure{page-break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""


def md_escape(value) -> str:
    """Escape text for Markdown (and so for the HTML made from it)."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def environment(lang: str):
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("sobriete.documents", "templates"), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["e"] = md_escape
    env.filters["num"] = lambda v, digits=1: i18n.fmt_number(v, lang, digits)
    env.filters["t"] = lambda v: i18n.fmt_number(None if v is None else v / 1000.0, lang, 1)
    env.filters["pct"] = lambda v, digits=0: i18n.fmt_percent(v, lang, digits)
    env.filters["money"] = lambda v: "—" if v is None else i18n.fmt_money(v, lang)
    return env


def render_markdown(template: str, context: dict, lang: str) -> str:
    env = environment(lang)
    text = env.get_template(template).render(**context, s=i18n.strings(lang), lang=lang)
    return re.sub(r"\n{3,}", "\n\n", text)


def chart_file(name: str, lang: str) -> str:
    """Charts of both languages live side by side: charts/<name>-<lang>.svg."""
    return f"charts/{name}-{lang}.svg"


def markdown_with_chart_files(markdown_text: str, charts: dict, captions: dict, lang: str = "fr") -> str:
    def image(match):
        name = match.group(1)
        return f"![{md_escape(captions.get(name, name))}]({chart_file(name, lang)})" if name in charts else ""

    return CHART_MARK.sub(image, markdown_text)


def html_page(markdown_text: str, charts: dict, captions: dict, title: str, lang: str) -> str:
    import markdown

    body = markdown.markdown(markdown_text, extensions=["tables", "toc", "sane_lists"], output_format="html")

    def figure(match):
        name = match.group(1)
        if name not in charts:
            return ""
        svg = re.sub(r"<\?xml[^>]*\?>\s*", "", charts[name])
        svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
        caption = md_escape(captions.get(name, name)).replace("\\", "")
        return f'<figure>{svg}<figcaption>{caption}</figcaption></figure>'

    body = CHART_MARK.sub(figure, body)
    body = body.replace("<td>✔", '<td class="met">✔').replace("<td>✘", '<td class="missed">✘')
    safe_title = md_escape(title).replace("\\", "")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{safe_title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def prepare_output(directory, *, force: bool = False) -> Path:
    """The output folder: new, empty, or one sobriete wrote before; never someone else's files silently."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputErrors([error("exists and is not a folder", path=str(folder))])
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file() and not force:
        raise InputErrors([error("the folder already holds files that sobriete did not write; not overwritten",
                                 path=str(folder), hint="choose an empty folder or use --force")])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def record_manifest(folder: Path, written: list[Path]) -> None:
    manifest = folder / MANIFEST
    previous = []
    if manifest.is_file():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, OSError):
            previous = []
    names = sorted(set(previous) | {str(p.relative_to(folder)) for p in written})
    atomic_write(manifest, json.dumps({"generator": "sobriete", "files": names}, indent=2) + "\n")


def write_document(folder: Path, basename: str, markdown_text: str, charts: dict, captions: dict, title: str,
                   lang: str) -> list[Path]:
    """Write BASENAME.md (+ charts/*.svg) and the self-contained BASENAME.html; returns the paths."""
    written = []
    for name, svg in charts.items():
        path = folder / chart_file(name, lang)
        atomic_write(path, svg)
        written.append(path)
    md_path = folder / f"{basename}.md"
    atomic_write(md_path, markdown_with_chart_files(markdown_text, charts, captions, lang))
    html_path = folder / f"{basename}.html"
    atomic_write(html_path, html_page(markdown_text, charts, captions, title, lang))
    return [md_path, html_path] + written


def today() -> dt.date:
    return dt.date.today()
