"""Reading glpi-agent JSON inventories (``glpi-agent --local DIR --json``) into rows (GLPI.md §2, §3).

The main asset is one row (its kind from ``vmsystem``, else ``chassis_type``, else the BIOS type),
and each attached monitor another, with the real line of each in the JSON text.
"""

from __future__ import annotations

import json
import re

from ...errors import InputErrors, error
from ...io.csvfiles import cp1252_note, decode_text
from ...io.userfiles import JSON_MAX_BYTES
from .records import FileInfo, Row, clean_cell
from .vocabulary import PLACEHOLDER_VALUES, norm
from ...locale import Message, _


MAX_CELL_CHARS = 1000  # as for the CSV exports (reading.py): GLPI's fields are VARCHAR(255)
MAX_JSON_DEPTH = 32  # a glpi-agent inventory nests 4 levels; the json module recurses per level
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _check_depth(text: str, label: str) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, at the line where it gets too deep (a linear scan)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InputErrors([error(_("JSON nested more than {depth} levels deep; refused"), depth=MAX_JSON_DEPTH,
                                         path=label, row=text.count("\n", 0, match.start()) + 1,
                                         hint=_("not a glpi-agent inventory"))])
        elif token in "]}":
            depth -= 1


def _json_line_of(text: str, pattern: str, start: int = 0) -> int | None:
    match = re.compile(pattern).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def read_agent_json(data: bytes, label: str, digest: str) -> tuple[list[Row], FileInfo]:
    """The rows of one glpi-agent JSON inventory: its main asset, then each attached monitor."""
    if len(data) > JSON_MAX_BYTES:
        raise InputErrors([error(_("file too large for a glpi-agent inventory ({size:,} bytes, limit {limit:,})"),
                                 size=len(data), limit=JSON_MAX_BYTES, path=label)])
    text, encoding = decode_text(data, label=label)
    notes = [cp1252_note(label)] if encoding == "cp1252" else []
    text = text.lstrip("\ufeff")
    _check_depth(text, label)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputErrors([error(_("not valid JSON ({problem})"), problem=exc.msg, path=label, row=exc.lineno)]) from exc
    except (RecursionError, ValueError) as exc:  # ValueError: a huge integer literal
        raise InputErrors([error(_("not a usable JSON document ({error_type})"), error_type=type(exc).__name__, path=label)]) from exc
    if not isinstance(document, dict) or not isinstance(document.get("content"), dict):
        raise InputErrors([error(_("not a glpi-agent inventory (no 'content' object)"), path=label,
                                 hint="give a file written by 'glpi-agent --local DIR --json' or "
                                      "'glpi-inventory --json'")])
    content = document["content"]
    itemtype_raw = str(document.get("itemtype") or "Computer")
    partial = bool(document.get("partial"))
    hardware = content.get("hardware") if isinstance(content.get("hardware"), dict) else {}
    bios = content.get("bios") if isinstance(content.get("bios"), dict) else {}
    device = content.get("network_device") if isinstance(content.get("network_device"), dict) else {}
    rows: list[Row] = []
    itemtype = {"computer": "computer", "phone": "phone", "networkequipment": "networkequipment",
                "printer": "printer"}.get(itemtype_raw.lower().replace("_", ""), None)
    if itemtype is None and device:
        itemtype = {"networking": "networkequipment", "printer": "printer", "phone": "phone",
                    "computer": "computer"}.get(str(device.get("type", "")).lower())
    main_line = (_json_line_of(text, r'"chassis_type"\s*:') or _json_line_of(text, r'"vmsystem"\s*:')
                 or _json_line_of(text, r'"hardware"\s*:') or _json_line_of(text, r'"network_device"\s*:')
                 or 1)
    if itemtype in ("computer", None) and not device:
        vmsystem = clean_cell(hardware.get("vmsystem"))
        kind = vmsystem if vmsystem and norm(vmsystem) != "physical" else clean_cell(hardware.get("chassis_type"))
        if not kind and bios.get("type"):
            kind = clean_cell(bios.get("type"))
        manufacturer = next((clean_cell(bios.get(k)) for k in ("smanufacturer", "mmanufacturer", "bmanufacturer")
                             if clean_cell(bios.get(k)) and norm(bios.get(k)) not in PLACEHOLDER_VALUES), "")
        values = {"name": clean_cell(hardware.get("name")), "type": kind, "manufacturer": manufacturer,
                  "model": clean_cell(bios.get("smodel")), "serial": clean_cell(bios.get("ssn"))}
        rows.append(Row(label, main_line, "computer", values, partial))
        itemtype = "computer"
    else:
        # SNMP discovery finds networked desk phones; an 'itemtype: Phone' without network_device
        # comes from the Android agent: a smartphone (GLPI.md §2).
        kind = clean_cell(device.get("type") or itemtype_raw)
        if itemtype == "phone":
            kind = "Téléphone IP" if device else "Smartphone"
        values = {"name": clean_cell(device.get("name") or hardware.get("name")),
                  "type": kind,
                  "manufacturer": clean_cell(device.get("manufacturer") or bios.get("smanufacturer")),
                  "model": clean_cell(device.get("model") or bios.get("smodel")),
                  "serial": clean_cell(device.get("serial") or bios.get("ssn")),
                  "location": clean_cell(device.get("location"))}
        rows.append(Row(label, main_line, itemtype, values, partial))
    monitors = content.get("monitors") if isinstance(content.get("monitors"), list) else []
    if monitors:
        for position, monitor in zip(_json_array_positions(text, "monitors"), monitors):
            if not isinstance(monitor, dict):
                continue
            line = text.count("\n", 0, position) + 1 if position is not None else main_line
            values = {"name": clean_cell(monitor.get("caption") or monitor.get("name")), "type": "",
                      "manufacturer": clean_cell(monitor.get("manufacturer")), "model": "",
                      "serial": clean_cell(monitor.get("serial"))}
            rows.append(Row(label, line, "monitor", values, partial))
    too_long = [error(_("value too long for a GLPI field ({length:,} characters, at most {limit:,})"), length=len(v),
                      limit=MAX_CELL_CHARS,
                      path=label, row=row.line, column=key, value=v)
                for row in rows for key, v in row.values.items() if isinstance(v, str) and len(v) > MAX_CELL_CHARS]
    if too_long:
        raise InputErrors(too_long[:20])
    info = FileInfo(label, f"glpi-agent JSON ({clean_cell(content.get('versionclient')) or 'unknown agent'})",
                    itemtype, "agent JSON", len(rows), digest,
                    [k for k in ("hardware", "bios", "monitors", "network_device") if content.get(k)],
                    [], notes=notes)
    if partial:
        info.notes.append(f"{label}: partial inventory (only changed sections): not counted")
    if itemtype == "computer" and not hardware.get("chassis_type") and not clean_cell(bios.get("smodel")):
        info.notes.append(f"{label}: no chassis type and no model in the inventory")
    return rows, info


def _json_array_positions(text: str, key: str) -> list:
    """Character offsets of the items of the array under `"key":`, to give their real lines."""
    match = re.search(r'"%s"\s*:\s*\[' % re.escape(key), text)
    if not match:
        return []
    decoder = json.JSONDecoder()
    index = match.end()
    positions = []
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            break
        positions.append(index)
        try:
            _, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            break
    return positions

