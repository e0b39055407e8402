"""Reading a .docx template: its paragraphs, the fields in them (across runs), repeated rows."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.documents.templates_fields import (
    _LOOP_VAR,
    TemplateProblem,
    _malformed_problem,
)
from tsj_desk.domain.errors import FileProblem

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
