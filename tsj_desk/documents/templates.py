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
"""

from __future__ import annotations

import re
import shutil
import zipfile
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, TsjError, WriteFault
from tsj_desk.domain.text import format_date, format_datetime, format_number
from tsj_desk.faults import describe
from tsj_desk.private_files import save_private

SHIPPED_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "resources" / "templates"

LINE = "________________"
"""A short line for handwriting, the usual ``blank`` of forms printed for signing."""


class TemplateProblem(TsjError):
    """A template cannot be used: unknown or malformed field, missing file.

    ``template`` is the template's file name; ``fields`` the offending fields as
    written (``"{{ lunar_phase }}"``).
    """

    def __init__(self, message: str, template: str = "", fields: Iterable[str] = ()):
        super().__init__(message)
        self.template = template
        self.fields = list(fields)


# --------------------------------------------------------------------------- lookup


@dataclass(frozen=True)
class TemplateInfo:
    """Which file serves a template: for the settings page."""

    name: str
    path: Path
    is_user: bool


def find_template(name: str, user_dir: Path | None = None) -> Path:
    """The file for template ``name``: the user's copy wins over the shipped one."""
    return template_info(name, user_dir).path


def template_info(name: str, user_dir: Path | None = None) -> TemplateInfo:
    if Path(name).name != name or not name.lower().endswith(".docx"):
        raise ValueError(f"template name must be a bare .docx file name: {name!r}")
    if user_dir is not None:
        candidate = Path(user_dir) / name
        if candidate.is_file():
            return TemplateInfo(name, candidate, True)
    shipped = SHIPPED_TEMPLATES_DIR / name
    if shipped.is_file():
        return TemplateInfo(name, shipped, False)
    raise TemplateProblem(
        f"Шаблон «{name}» не найден ни в папке шаблонов пользователя, ни среди "
        f"шаблонов программы. Положите файл «{name}» в папку шаблонов или "
        f"переустановите программу.",
        template=name,
    )


def list_templates(user_dir: Path | None = None) -> list[TemplateInfo]:
    """Every shipped template and the file that serves it, by name."""
    names = sorted(p.name for p in SHIPPED_TEMPLATES_DIR.glob("*.docx") if not p.name.startswith("~$"))
    return [template_info(name, user_dir) for name in names]


def copy_template_to_user_dir(name: str, user_dir: Path) -> Path:
    """Copy the shipped template into the user's folder for editing; keeps an existing copy."""
    target = Path(user_dir) / name
    if target.exists():
        return target
    source = template_info(name, None).path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as error:
        raise FileProblem(
            f"Не удалось скопировать шаблон «{name}» в папку «{target.parent}»: {error.strerror or error}."
        ) from error
    return target


# --------------------------------------------------------------------------- values


def format_value(value: object) -> str:
    """A context value as printed text (ДД.ММ.ГГГГ, ЧЧ:ММ, decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        number = Decimal(str(value)).normalize()
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(number, places)
    return str(value)


# --------------------------------------------------------------------------- XML

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W_P = f"{{{_W}}}p"
W_R = f"{{{_W}}}r"
W_T = f"{{{_W}}}t"
W_TR = f"{{{_W}}}tr"
W_TC = f"{{{_W}}}tc"
W_BR = f"{{{_W}}}br"
W_TAB = f"{{{_W}}}tab"
_BOOKMARKS = (f"{{{_W}}}bookmarkStart", f"{{{_W}}}bookmarkEnd")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PARA_IDS = (f"{{{_W14}}}paraId", f"{{{_W14}}}textId")

_PROCESSED_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
_REFUSED_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}

# ``{{ … }}`` whose inside holds no other ``{{`` or ``}}``.
_TOKEN = re.compile(r"\{\{((?:(?!\{\{|\}\}).)*)\}\}", re.S)
_PATH = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
_NAME = re.compile(_PATH)
_LOOP = re.compile(
    r"for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(" + _PATH + r")(?:\s+blank_rows\s*=\s*(\d{1,3}))?"
)
_MISSING = object()
_LOOP_VAR = "loop"


@dataclass
class _Token:
    start: int
    end: int
    inner: str
    name: str | None = None  # a field path
    loop_var: str | None = None  # a row marker
    loop_list: str | None = None
    blank_rows: int = 0

    @property
    def shown(self) -> str:
        return "{{ " + self.inner + " }}"


@dataclass
class _Para:
    p: object
    nodes: list
    text: str
    tokens: list[_Token]


@dataclass
class _LoopRow:
    tr: object
    var: str
    list_path: str
    blank_rows: int


def _own_text_nodes(p) -> list:
    """The ``w:t`` of paragraph ``p``, without those of paragraphs nested in it (text boxes)."""
    nodes = []
    for t in p.iter(W_T):
        run = t.getparent()
        parent = run.getparent() if run is not None else None
        if parent is p:
            nodes.append(t)
            continue
        ancestor = parent
        while ancestor is not None and ancestor.tag != W_P:
            ancestor = ancestor.getparent()
        if ancestor is p:
            nodes.append(t)
    return nodes


class _Template:
    """One loaded template: its parts, paragraphs with fields, repeated rows."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.label = self.path.name
        self.document = _open_docx(self.path)
        self.roots = []
        for part in self.document.part.package.iter_parts():
            content_type = part.content_type
            if content_type in _PROCESSED_TYPES:
                self.roots.append(part.element)
            elif content_type in _REFUSED_TYPES and b"{{" in part.blob:
                raise TemplateProblem(
                    f"Шаблон «{self.label}» содержит поля в сносках. Поля в сносках не "
                    f"заполняются: перенесите их в текст документа.",
                    template=self.label,
                )
        self.paras: list[_Para] = []
        malformed: list[str] = []
        for root in self.roots:
            for p in root.iter(W_P):
                para = self._scan(p, malformed)
                if para is not None:
                    self.paras.append(para)
        if malformed:
            raise _malformed_problem(self.label, malformed)
        self.loops: dict[object, _LoopRow] = {}
        self._find_loops()
        # Each paragraph with fields and the repeated row it belongs to, if any.
        self.scope: dict[int, _LoopRow | None] = {}
        for index, para in enumerate(self.paras):
            self.scope[index] = self._loop_of(para.p)

    def _scan(self, p, malformed: list[str]) -> _Para | None:
        nodes = _own_text_nodes(p)
        if not nodes:
            return None
        text = "".join(t.text or "" for t in nodes)
        if "{" not in text and "}" not in text:
            return None
        tokens = _parse_tokens(text, malformed)
        if not tokens:
            return None
        return _Para(p, nodes, text, tokens)

    def _find_loops(self) -> None:
        for para in self.paras:
            for token in para.tokens:
                if token.loop_var is None:
                    continue
                tr = _ancestor(para.p, W_TR)
                if tr is None:
                    raise TemplateProblem(
                        f"Шаблон «{self.label}»: поле «{token.shown}» может стоять только "
                        f"в строке таблицы — оно повторяет эту строку для каждого элемента "
                        f"списка. Перенесите его в первую ячейку строки.",
                        template=self.label, fields=[token.shown],
                    )
                if tr in self.loops:
                    raise TemplateProblem(
                        f"Шаблон «{self.label}»: в одной строке таблицы два поля повторения "
                        f"(«{token.shown}»). Оставьте одно.",
                        template=self.label, fields=[token.shown],
                    )
                self.loops[tr] = _LoopRow(tr, token.loop_var, token.loop_list or "",
                                          token.blank_rows)

    def _loop_of(self, p) -> _LoopRow | None:
        if not self.loops:
            return None
        found = None
        node = p.getparent()
        while node is not None:
            if node.tag == W_TR and node in self.loops:
                if found is not None:
                    raise TemplateProblem(
                        f"Шаблон «{self.label}»: повторяемая строка таблицы вложена в другую "
                        f"повторяемую строку; так нельзя. Оставьте повторение только у одной.",
                        template=self.label,
                    )
                found = self.loops[node]
            node = node.getparent()
        return found

    def names(self) -> dict[str, str]:
        """Every name the template uses (see the module docstring) → its field as written."""
        used: dict[str, str] = {}
        for index, para in enumerate(self.paras):
            loop = self.scope[index]
            for token in para.tokens:
                if token.loop_var is not None:
                    used.setdefault(token.loop_list or "", token.shown)
                    continue
                key = _key(token.name or "", loop)
                if key is not None:
                    used.setdefault(key, token.shown)
        return used


def _ancestor(element, tag):
    node = element.getparent()
    while node is not None:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def _key(name: str, loop: _LoopRow | None) -> str | None:
    """The declared name of field ``name`` in ``loop``'s scope; None for ``loop.index``."""
    head, _, rest = name.partition(".")
    if loop is not None:
        if name == f"{_LOOP_VAR}.index":
            return None
        if head == loop.var:
            return f"{loop.list_path}[]" + (f".{rest}" if rest else "")
    return name


def _parse_tokens(text: str, malformed: list[str]) -> list[_Token]:
    tokens = []
    leftover = []
    position = 0
    for match in _TOKEN.finditer(text):
        leftover.append(text[position:match.start()])
        position = match.end()
        inner = " ".join(match.group(1).split())
        token = _Token(match.start(), match.end(), inner)
        if _NAME.fullmatch(inner):
            token.name = inner
        elif loop := _LOOP.fullmatch(inner):
            token.loop_var, token.loop_list = loop.group(1), loop.group(2)
            token.blank_rows = int(loop.group(3) or 0)
            if token.loop_var == _LOOP_VAR:
                malformed.append(match.group(0))
                continue
        else:
            malformed.append(match.group(0))
            continue
        tokens.append(token)
    leftover.append(text[position:])
    rest = "".join(leftover)
    for brace in ("{{", "}}"):
        start = rest.find(brace)
        if start >= 0:
            if brace == "{{":
                snippet = rest[start:start + 40]
            else:
                snippet = rest[max(0, start - 38):start + 2]
            malformed.append(snippet.strip())
    return tokens


def _malformed_problem(label: str, fields: list[str]) -> TemplateProblem:
    unique = list(dict.fromkeys(fields))
    shown = ", ".join(f"«{field}»" for field in unique[:5])
    if len(unique) == 1:
        message = (
            f"Шаблон «{label}» содержит неправильно записанное поле {shown}. "
            f"Поле записывается как {{{{ имя }}}}: латинские буквы, цифры, «_» и точки "
            f"между двумя парами фигурных скобок. Исправьте шаблон или удалите поле."
        )
    else:
        message = (
            f"Шаблон «{label}» содержит неправильно записанные поля: {shown}. "
            f"Поле записывается как {{{{ имя }}}}: латинские буквы, цифры, «_» и точки "
            f"между двумя парами фигурных скобок. Исправьте шаблон или удалите эти поля."
        )
    return TemplateProblem(message, template=label, fields=unique)


def _unknown_problem(label: str, fields: list[str]) -> TemplateProblem:
    unique = list(dict.fromkeys(fields))
    shown = ", ".join(f"«{field}»" for field in unique[:8])
    if len(unique) > 8:
        shown += f" и ещё {len(unique) - 8}"
    if len(unique) == 1:
        message = (
            f"Шаблон «{label}» содержит неизвестное поле {shown}. "
            f"Исправьте шаблон или удалите поле."
        )
    else:
        message = (
            f"Шаблон «{label}» содержит неизвестные поля: {shown}. "
            f"Исправьте шаблон или удалите эти поля."
        )
    return TemplateProblem(message, template=label, fields=unique)


def _open_docx(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if not path.is_file():
        raise TemplateProblem(f"Шаблон «{path.name}» не найден: {path}.", template=path.name)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise FileProblem(
            f"Шаблон «{path.name}» не открывается как документ Word (.docx): файл повреждён "
            f"или сохранён в другом формате. Пересохраните его в Word или LibreOffice как "
            f"«Документ Word (.docx)» или удалите его из папки шаблонов, чтобы "
            f"использовался шаблон программы."
        ) from error
    except OSError as error:
        raise FileProblem(
            f"Не удалось прочитать шаблон «{path.name}»: {error.strerror or error}."
        ) from error


# --------------------------------------------------------------------------- lookup of values


def _lookup(source: object, path: str) -> object:
    """Follow a dotted path; ``_MISSING`` when a step does not exist, None when one is None."""
    value = source
    for step in path.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(step, _MISSING)
        else:
            value = getattr(value, step, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def _items(value: object, list_path: str) -> list:
    if value is None or value is _MISSING:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"template list {list_path!r} must be a sequence, got {type(value).__name__}")
    return list(value)


class _Filler:
    """Turns tokens into text for one call's context and options."""

    def __init__(self, context: Mapping, blank: str, blanks: Mapping[str, str]):
        self.context = context
        self.blank = blank
        self.blanks = blanks
        self.inserted_braces = 0

    def text(self, token: _Token, loop: _LoopRow | None, item: object, index: int) -> str:
        if token.loop_var is not None:
            return ""
        name = token.name or ""
        key = _key(name, loop)
        if key is None:  # loop.index
            return str(index)
        if loop is not None and key.startswith(f"{loop.list_path}[]"):
            if item is _MISSING:  # a blank row for handwriting
                return self.blanks.get(key, "")
            _, _, rest = name.partition(".")
            value = _lookup(item, rest) if rest else item
        else:
            value = _lookup(self.context, name)
        text = "" if value is _MISSING else _printable(format_value(value))
        if not text.strip():
            text = self.blanks.get(key, self.blank)
        self.inserted_braces += text.count("{{")
        return text


# Characters XML 1.0 cannot hold; a vertical tab is Word's line break when pasted.
_NOT_XML = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")


def _printable(text: str) -> str:
    """Line breaks as ``\\n``; characters a .docx cannot hold dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _NOT_XML.sub("", text)


# --------------------------------------------------------------------------- filling


def _fill_paragraph(para: _Para, values: list[str]) -> None:
    """Replace ``para``'s tokens by ``values``; a lone field with line breaks splits the paragraph."""
    if len(para.tokens) == 1 and "\n" in values[0]:
        token = para.tokens[0]
        if not (para.text[:token.start] + para.text[token.end:]).strip():
            lines = [line.strip() for line in values[0].replace("\r\n", "\n").split("\n")]
            lines = [line for line in lines if line] or [""]
            previous = para.p
            for line in lines[1:]:
                clone = deepcopy(para.p)
                _strip_ids(clone)
                _replace_in_nodes(_own_text_nodes(clone), para.text, para.tokens, [line])
                previous.addnext(clone)
                previous = clone
            _replace_in_nodes(para.nodes, para.text, para.tokens, [lines[0]])
            return
    _replace_in_nodes(para.nodes, para.text, para.tokens, values)


def _replace_in_nodes(nodes: list, text: str, tokens: list[_Token], values: list[str]) -> None:
    """Replace each token of the joined ``text`` of ``nodes``; the value goes to the first run."""
    starts = []
    position = 0
    old = []
    for t in nodes:
        starts.append(position)
        piece = t.text or ""
        old.append(piece)
        position += len(piece)
    new = list(old)
    for token, value in zip(reversed(tokens), reversed(values)):
        # bisect_right skips empty nodes that share the start offset of the next one
        first = bisect_right(starts, token.start) - 1
        last = bisect_right(starts, token.end - 1) - 1
        head = token.start - starts[first]
        tail = token.end - starts[last]
        if first == last:
            new[first] = new[first][:head] + value + new[first][tail:]
        else:
            new[first] = new[first][:head] + value
            for middle in range(first + 1, last):
                new[middle] = ""
            new[last] = new[last][tail:]
    for t, before, after in zip(nodes, old, new):
        if after != before:
            _set_text(t, after)


def _set_text(t, text: str) -> None:
    if "\n" not in text and "\t" not in text:
        t.text = text
        t.set(_XML_SPACE, "preserve")
        return
    pieces = re.split(r"(\r?\n|\t)", text)
    elements = []
    for piece in pieces:
        if piece in ("\n", "\r\n"):
            elements.append(t.makeelement(W_BR, {}))
        elif piece == "\t":
            elements.append(t.makeelement(W_TAB, {}))
        elif piece:
            node = t.makeelement(W_T, {})
            node.text = piece
            node.set(_XML_SPACE, "preserve")
            elements.append(node)
    t.text = ""
    anchor = t
    for element in elements:
        anchor.addnext(element)
        anchor = element
    t.getparent().remove(t)


def _strip_ids(element) -> None:
    """Drop ids that must stay unique in a document from a copied element."""
    for node in element.iter():
        for attribute in _PARA_IDS:
            if attribute in node.attrib:
                del node.attrib[attribute]
    for tag in _BOOKMARKS:
        for node in list(element.iter(tag)):
            node.getparent().remove(node)


def _expand_loop(loop: _LoopRow, filler: _Filler, label: str, blank_rows: int | None) -> None:
    items = _items(_lookup(filler.context, loop.list_path), loop.list_path)
    rows: list[object] = items if items else [_MISSING] * (
        loop.blank_rows if blank_rows is None else blank_rows)
    tr = loop.tr
    anchor = tr
    for index, item in enumerate(rows, start=1):
        clone = deepcopy(tr)
        _strip_ids(clone)
        malformed: list[str] = []
        for p in list(clone.iter(W_P)):
            nodes = _own_text_nodes(p)
            if not nodes:
                continue
            text = "".join(t.text or "" for t in nodes)
            if "{{" not in text:
                continue
            tokens = _parse_tokens(text, malformed)
            if not tokens:
                continue
            para = _Para(p, nodes, text, tokens)
            values = [filler.text(token, loop, item, index) for token in tokens]
            _fill_paragraph(para, values)
            if any(token.loop_var for token in tokens):
                _drop_if_empty(p)
        if malformed:  # cannot happen: the template was scanned already
            raise _malformed_problem(label, malformed)
        anchor.addnext(clone)
        anchor = clone
    tr.getparent().remove(tr)


def _drop_if_empty(p) -> None:
    """Remove a paragraph left empty by a row marker, when its cell keeps another one."""
    if "".join(t.text or "" for t in _own_text_nodes(p)).strip():
        return
    cell = p.getparent()
    if cell is None or cell.tag != W_TC:
        return
    if sum(1 for child in cell if child.tag == W_P) > 1:
        cell.remove(p)


def _check_unknown(template: _Template, context: Mapping, allowed: Collection[str] | None) -> None:
    unknown = []
    if allowed is not None:
        allowed_set = set(allowed)
        for key, shown in template.names().items():
            if key not in allowed_set:
                unknown.append(shown)
    else:
        lists: dict[str, list] = {}
        for index, para in enumerate(template.paras):
            loop = template.scope[index]
            for token in para.tokens:
                if token.loop_var is not None:
                    if _lookup(context, token.loop_list or "") is _MISSING:
                        unknown.append(token.shown)
                    continue
                name = token.name or ""
                key = _key(name, loop)
                if key is None:
                    continue
                if loop is not None and key.startswith(f"{loop.list_path}[]"):
                    if loop.list_path not in lists:
                        lists[loop.list_path] = _items(_lookup(context, loop.list_path), loop.list_path)
                    items = lists[loop.list_path]
                    _, _, rest = name.partition(".")
                    if items and rest and all(_lookup(item, rest) is _MISSING for item in items):
                        unknown.append(token.shown)
                elif _lookup(context, name) is _MISSING:
                    unknown.append(token.shown)
    if unknown:
        raise _unknown_problem(template.label, unknown)


def _check_no_braces(template: _Template, inserted: int) -> None:
    found = 0
    first = ""
    for root in template.roots:
        for p in root.iter(W_P):
            nodes = _own_text_nodes(p)
            text = "".join(t.text or "" for t in nodes)
            count = text.count("{{")
            if count and not first:
                start = text.find("{{")
                first = text[start:start + 40]
            found += count
    if found > inserted:
        raise TemplateProblem(
            f"Шаблон «{template.label}»: после заполнения в документе осталось поле "
            f"«{first.strip()}». Исправьте шаблон или удалите поле.",
            template=template.label, fields=[first.strip()],
        )


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
