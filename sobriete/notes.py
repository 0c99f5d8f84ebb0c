"""Calculation notes as structured objects: a code, its parameters, the lines concerned.

A :class:`Note` *is* its English sentence (a ``str``: JSON outputs, logs and tests read it as
text), and it knows its ``code`` and ``params`` so that documents and the command line render it in
any language from the message catalogs (``sobriete/locale``), never by pattern-matching English
text. Adding a note is one entry here and its translation in ``sobriete/locale/fr/…/sobriete.po``.
"""

from __future__ import annotations

from .locale import Message, _, get_language, localise, render, translate

# code → English template (the msgid of the catalogs in sobriete/locale, where its French is).
# Parameters are named; numbers are formatted for the language when rendered (1.75 reads 1,75 in French).
TEXTS = {
    # footprint engine
    "hidden_sheets": _("{label}: hidden sheet(s) {names} read like the others"),
    "refurbished_as_new": _(
        "{count} refurbished line(s) whose category has no refurbished figure counted as new"),
    "past_lifespan": _(
        "{count} equipment line(s) past their lifespan (purchase year + lifespan ≤ {year}) count no "
        "embodied emissions, only use"),
    "acquisition_without_purchase_year": _(
        "method acquisition: {count} equipment line(s) without a purchase year count no embodied emissions"),
    "default_pue": _(
        "{count} hosting line(s) without a PUE use the default datacenter.pue = {value:g}"),
    "criterion_not_given": _("no factor used gives {criteria}: its column is empty"),
    "category_default": _(
        "{count} of {total} equipment line(s) use the category's default {key}"),
    "spend_fallback": _(
        "{count} spend line(s) whose category has no spend factor use spend.it_services"),
    "network_without_data": _(
        "{count} online service line(s) without page views × page weight (or an EcoIndex measure of the size) "
        "or data transfer count 0"),
    "ecoindex_reported": _(
        "{count} website line(s) have an EcoIndex: their score and grade are reported; the footprint counts "
        "their network transfer (measured size × page views), like every website, not EcoIndex's gCO2e per page "
        "view, which also covers terminals and servers"),
    "cloud_generic_provider": _(
        "cloud provider(s) {providers} have no specific coefficients: generic ones used"),
    "cloud_without_provider": _(
        "cloud line(s) without a provider use the generic coefficients"),
    "cloud_storage_without_storage": _(
        "{count} cloud_storage line(s) without storage count 0"),
    "activity_without_hours": _(
        "{count} per-hour activity line(s) without hours count 0"),
    "without_spend_or_electricity": _(
        "{count} {categories} line(s) without spend or electricity count 0"),
    "factor_of_another_year": _(
        "no {year} value for {count} factor(s): the nearest year's is used: {factors}"),
    "money_converted": _(
        "spend ratios converted from the euros of {years} to euros of {year} with {index} ({source}){beyond}"),
    "money_index_ends": _(
        "; the index stops in {last}: {last} prices used for {year}"),
    "few_draws": _(
        "only {draws} Monte Carlo draw(s): the interval is the range of the draws and the central total, not a "
        "95 % interval (use at least {minimum} draws)"),
    # factor files and inventories
    "factor_without_uncertainty": _(
        "{file}: {entry}: no uncertainty given, counted as 0"),
    "read_as_cp1252": _(
        "{file}: read as cp1252 (Windows) because it is not valid UTF-8"),
    "possible_double_count": _(
        "{where}: possible double count: this spend line's name mentions {category} and {other} lists {category} "
        "too; if the spend pays for it, add covers: [{category}] to the spend line and remove the other line"),
    "ignored_columns": _(
        "{file}: column(s) {columns} ignored: not inventory keys (--strict refuses them)"),
    "shipped_factor_set": _(
        "--factors {name}: the shipped factor set {name!r} is used, not the local {name!r} of the working folder "
        "(write ./{name} to use the local one)"),
    # scenario
    "over_budget": _(
        "the listed actions cost {cost:,.0f} EUR, above the budget of {budget:,.0f} EUR"),
    "infeasible_in_budget": _(
        "no set of actions within the budget meets every objective: the plan shown leaves the smallest total gap "
        "(Σ gap / target)"),
    "confidence_not_reached": _(
        "no set of actions within the budget meets every objective together in {confidence:.0%} of the draws: "
        "the plan shown leaves the smallest total gap on central values"),
    "conflicting_kpi_targets": _(
        "actions {first} and {second} follow the same indicator ({kpi}) with different targets for {year}: "
        "{first_target} and {second_target}"),
    "infeasible": _(
        "no set of the candidate actions meets every objective: the plan shown leaves the smallest total gap "
        "(Σ gap / target)"),
}

# Words that parameters carry and that a language renders differently.
WORDS = (_("embodied"), _("lifespan"), _("electricity"))


class Note(Message):
    """A calculation note: its English sentence, plus ``code``, ``params`` and ``lines``."""

    code: str
    lines: tuple

    def __new__(cls, code: str, lines=(), **params):
        note = super().__new__(cls, TEXTS[code], **params)
        note.code, note.lines = code, tuple(lines)
        return note

    def __reduce__(self):  # copies and pickles keep the structure
        return (_rebuild, (self.code, self.lines, self.params))

    def render(self, lang: str | None = None) -> str:
        """The sentence in `lang` (``fr`` or ``en``; default: the current language of messages)."""
        lang = lang or get_language()
        if lang == "en":
            return str(self)
        params = {key: translate(value, lang) if isinstance(value, str) and value in WORDS else localise(value, lang)
                  for key, value in self.params.items()}
        return translate(self.template, lang).format(**params)


def _rebuild(code, lines, params):
    return Note(code, lines, **params)


def render_note(note, lang: str) -> str:
    """Any note in `lang`: structured notes are rendered, plain strings are looked up in the catalogs."""
    return render(note, lang)
