"""CSV bytes as text: one decoding rule and one delimiter sniffer for every importer.

- Encoding: UTF-8, with or without a byte order mark (BOM), else cp1252 (a file re-saved by Excel
  on Windows) with one note, :func:`cp1252_note`, whose wording the documents translate
  (``sobriete/documents/i18n.py``): do not change it without changing the translation.
  The rule is per file: a file that is not UTF-8 but also holds UTF-8 characters (one line
  pasted from elsewhere) has mixed encodings; reading it either way would silently garble one
  part, so it is refused at the line of its first byte that is not UTF-8.
- Delimiter: ``,``, ``;`` or tab, the one most used *outside quotes* on the header line, so that a
  ``;`` file whose quoted header names hold commas is read as ``;``. Each caller gives the default
  for a header without any delimiter (one column), since formats differ: GLPI's is ``;``.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field

from ..errors import InputErrors, error
from ..locale import _

BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t")
# A BOM after a blank first line (GLPI 9.5 and some 10.0.x) is still looked for in this many bytes.
BOM_SEARCH_BYTES = 4096


def cp1252_note(label: str) -> str:
    """The note given when a file is read as cp1252 (translated by the documents: keep the wording)."""
    from ..notes import Note

    return Note("read_as_cp1252", file=label)


@dataclass(frozen=True)
class CsvText:
    """Decoded CSV bytes and what was found while decoding and sniffing them."""

    text: str  # a leading BOM removed; a BOM after leading blank lines is left in place
    encoding: str  # "utf-8-sig" (with or without BOM) or "cp1252": what to read the file again with
    bom: bool  # a BOM starts the data, or a line in its first BOM_SEARCH_BYTES bytes
    delimiter: str
    header_line: str  # the first non-blank line, without BOM and line end ('' if none)
    notes: list = field(default_factory=list)


# A character of two to four bytes in UTF-8: seen in a file that is not UTF-8, it means mixed encodings.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
SCAN_CHUNK = 1 << 22


def mixed_encoding_error(label: str | None, line: int, byte: int):
    """The problem of a file that holds UTF-8 characters and, from `line`, a byte that is not UTF-8."""
    return error(_("mixed encodings: byte 0x{byte:02X} on this line is not UTF-8, while other lines are UTF-8"),
                 byte=byte, path=label, row=line,
                 hint=_("save the whole file as UTF-8; reading it as cp1252 would garble its UTF-8 lines"))


def decode_text(data: bytes, *, truncated: bool = False, label: str | None = None) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (a leading BOM removed), else cp1252 with undefined bytes replaced.

    ``truncated``: the data is the start of a longer file, so an invalid sequence in its last four
    bytes may be a character cut in two and does not make the file cp1252. Bytes that mix UTF-8
    characters with bytes that are not UTF-8 raise InputErrors at the first such byte's line.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 4:
            return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
        if _UTF8_MULTIBYTE.search(data):
            raise InputErrors([mixed_encoding_error(label, data.count(b"\n", 0, exc.start) + 1,
                                                    data[exc.start])]) from exc
        return data.decode("cp1252", errors="replace"), "cp1252"


def file_encoding(path, label: str) -> str:
    """The encoding of a whole file, streamed in chunks: "utf-8-sig" or "cp1252" (see the module's rule)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines, offset, multibyte, first_bad = 0, 0, False, None
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            if not multibyte and _UTF8_MULTIBYTE.search(tail + chunk):
                multibyte = True
            if first_bad is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    # the decoder's error offsets count from the bytes it held back plus this chunk
                    held = len(exc.object) - len(chunk)
                    at = max(exc.start - held, 0)
                    first_bad = (newlines + chunk.count(b"\n", 0, at) + 1, chunk[at] if at < len(chunk) else 0)
            if first_bad is not None and multibyte:
                raise InputErrors([mixed_encoding_error(label, *first_bad)])
            newlines += chunk.count(b"\n")
            offset += len(chunk)
            tail = chunk[-3:]
    if first_bad is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            first_bad = (newlines + 1, 0)
    return "utf-8-sig" if first_bad is None else "cp1252"


def sniff_delimiter(line: str, default: str = ",") -> str:
    """The delimiter used most often outside quotes on a header line (ties: ``;``, then ``,``)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else default


def first_line(text: str, *, skip_blank_lines: bool = True) -> str:
    """The first (non-blank) line of a text, without BOM or line end ('' when there is none)."""
    for line in io.StringIO(text, newline=""):  # "\n", "\r\n" or "\r" end a line, as for csv
        if not skip_blank_lines or line.replace("\ufeff", "").strip():
            return line.lstrip("\ufeff").rstrip("\r\n")
    return ""


def decode_csv(data: bytes, label: str, *, default_delimiter: str = ",", truncated: bool = False,
               skip_blank_lines: bool = True) -> CsvText:
    """Decode CSV bytes and sniff their delimiter on the header line.

    The header line is the first non-blank one, or the very first with ``skip_blank_lines=False``
    (for a reader, such as pandas here, that takes the first line as the header whatever it holds).
    The cp1252 note is in ``notes`` when the bytes are not UTF-8. ``truncated``: see
    :func:`decode_text`.
    """
    text, encoding = decode_text(data, truncated=truncated, label=label)
    bom = data.startswith(BOM) or b"\n" + BOM in data[:BOM_SEARCH_BYTES]
    header = first_line(text, skip_blank_lines=skip_blank_lines)
    notes = [cp1252_note(label)] if encoding == "cp1252" else []
    return CsvText(text, encoding, bom, sniff_delimiter(header, default_delimiter), header, notes)
