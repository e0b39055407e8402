"""Fill .docx templates: named fields, repeated table rows, user templates.

Template syntax
---------------
``{{ name }}``
    A field. A name is ASCII letters, digits and ``_`` (not starting with a digit);
    dots reach into nested values: ``{{ org.name }}`` reads ``context["org"]["name"]``
    (or the attribute ``name`` of an object). Spaces inside the braces are optional.
    Word splits text into runs at will (spell checking, autocorrect, a change of
    formatting in the middle of a name): a field is found across the runs of one
    paragraph and its value takes the formatting of the run where ``{{`` starts.
    Fields work in body paragraphs, tables (nested too), text boxes, headers and
    footers. Comments are left alone; fields in footnotes and endnotes are refused.

``{{ for p in participants }}``
    Put in a table row (by convention at the start of its first cell), it makes the
    row repeat: the row is copied once per item of ``context["participants"]`` and
    in each copy ``{{ p.name }}`` reads the item's ``name``; ``{{ loop.index }}``
    is the row's number (1, 2, 3…). The marker itself prints nothing; a paragraph
    left empty by it is removed when its cell has others. An empty list removes the
    row, unless the marker says ``{{ for p in participants blank_rows=3 }}``: then
    three rows with empty item fields are printed for handwriting (numbered by
    ``{{ loop.index }}``). ``render_template(..., blank_rows={"participants": 3})``
    overrides the marker. Repeated rows may not be nested in one another.

Names
-----
``template_placeholders()`` lists what a template uses: plain fields as written
(``"reg_no"``, ``"org.name"``), each repeated list by its name (``"participants"``)
and each item field as ``"<list>[].<field>"`` (``"participants[].name"``);
``loop.index`` is built in and not listed. The same spelling is used for the set
of allowed names a caller declares (see ``tsj_desk.documents.letters`` and
``tsj_desk.documents.acts``).

Values
------
``None``, a missing key and a blank string all print the call's ``blank`` text
(``""`` or a line for handwriting such as ``"________________"``; ``blanks`` sets it
per field). Dates print as ДД.ММ.ГГГГ, datetimes as ДД.ММ.ГГГГ ЧЧ:ММ, times as ЧЧ:ММ,
decimals with a comma. A value with line breaks fills a field that stands alone in
its paragraph as one paragraph per non-empty line (same paragraph formatting);
elsewhere the breaks become line breaks.

Errors
------
A field the template uses that the caller does not know — not in ``allowed`` when
given, else not found in the context — fails with ``TemplateProblem`` naming the
field and the template file before anything is written; so does a malformed field
(``{{ name`` without ``}}``, ``{{ два слова }}``). After filling, the output is
checked once more so that no ``{{`` from the template can reach paper.

Where templates live
--------------------
The shipped templates are in ``resources/templates/`` at the project root. The
wheel's ``force-include`` (pyproject: ``"resources" = "resources"``) puts that folder
at the top of site-packages, next to ``tsj_desk/``, so the same relative path
``Path(__file__).resolve().parents[2] / "resources" / "templates"`` works from a
checkout and from an installed wheel. A file with the same name in the user's
folder (the app passes ``<data folder>/templates``) wins over the shipped one.

API
---
``render_template(path, context, out, *, allowed=None, blank="", blanks=None,
blank_rows=None)``, ``template_placeholders(path)``, ``check_template(path, allowed)``
(for the settings page: validate a user's template without rendering),
``find_template(name, user_dir)``, ``template_info``/``list_templates`` →
``TemplateInfo(name, path, is_user)``, ``copy_template_to_user_dir(name, user_dir)``.
Speed: about 20 ms for a one-page act, nearly all of it python-docx opening and
saving the package; the filling itself is linear in the text of the template.

Modules
-------
This module is the API. ``templates_lookup`` finds the file (shipped or the user's),
``templates_parse`` reads it (fields across runs, repeated rows), ``templates_fields``
holds the printed form of values and the lookup of dotted names, ``templates_check``
the allowed-names check before filling and the no-braces check after,
``templates_runs`` writes the values into the runs and repeats the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from tsj_desk.documents.templates_check import _check_no_braces, _check_unknown
from tsj_desk.documents.templates_fields import (
    _MISSING,
    LINE,
    TemplateProblem,
    format_value,
)
from tsj_desk.documents.templates_lookup import (
    SHIPPED_TEMPLATES_DIR,
    TemplateInfo,
    copy_template_to_user_dir,
    find_template,
    list_templates,
    template_info,
)
from tsj_desk.documents.templates_parse import _Template
from tsj_desk.documents.templates_runs import _expand_loop, _fill_paragraph, _Filler
from tsj_desk.domain.errors import FileProblem, WriteFault
from tsj_desk.faults import describe
from tsj_desk.private_files import save_private

__all__ = [
    "LINE",
    "SHIPPED_TEMPLATES_DIR",
    "TemplateInfo",
    "TemplateProblem",
    "check_template",
    "copy_template_to_user_dir",
    "find_template",
    "format_value",
    "list_templates",
    "render_template",
    "template_info",
    "template_placeholders",
]


# --------------------------------------------------------------------------- public API


def template_placeholders(template_path: Path) -> set[str]:
    """All names ``template_path`` uses, spelled as in the module docstring."""
    return set(_Template(Path(template_path)).names())


def check_template(template_path: Path, allowed: Collection[str]) -> None:
    """Raise ``TemplateProblem`` if the template is malformed or uses a name not in ``allowed``."""
    _check_unknown(_Template(Path(template_path)), {}, allowed)


def render_template(
    template_path: Path,
    context: Mapping,
    out_path: Path,
    *,
    allowed: Collection[str] | None = None,
    blank: str = "",
    blanks: Mapping[str, str] | None = None,
    blank_rows: Mapping[str, int] | None = None,
) -> None:
    """Fill ``template_path`` with ``context`` and save the result to ``out_path``.

    ``allowed`` — the names the caller knows (see the module docstring); a template
    field outside it fails even when the context has it. Without ``allowed`` a field
    is known when the context has it. ``blank`` is printed for a known field without
    a value (``""`` or a line such as ``LINE``), ``blanks`` overrides it per name.
    ``blank_rows`` sets, per list name, the rows printed for an empty list.
    Nothing is written when the template is wrong.
    """
    template = _Template(Path(template_path))
    _check_unknown(template, context, allowed)
    filler = _Filler(context, blank, blanks or {})
    overrides = blank_rows or {}
    for loop in template.loops.values():
        _expand_loop(loop, filler, template.label, overrides.get(loop.list_path))
    for index, para in enumerate(template.paras):
        if template.scope[index] is not None:
            continue  # filled while its row was repeated
        values = [filler.text(token, None, _MISSING, 0) for token in para.tokens]
        _fill_paragraph(para, values)
    _check_no_braces(template, filler.inserted_braces)
    out = Path(out_path)
    try:
        save_private(out, template.document.save)  # readable by the user only, never half-written
    except WriteFault as fault:  # a full disk, a missing or read-only folder, a file held open
        lead = f"Не удалось сохранить документ «{out.name}»"
        raise FileProblem(describe(fault.kind, out, "", lead=lead)) from fault
