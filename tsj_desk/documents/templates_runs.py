"""Filling a parsed template: a field's value into the runs it spans, repeated rows."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from copy import deepcopy

from tsj_desk.documents.templates_fields import (
    _MISSING,
    _items,
    _lookup,
    _malformed_problem,
    _printable,
    format_value,
)
from tsj_desk.documents.templates_parse import (
    _BOOKMARKS,
    _PARA_IDS,
    _XML_SPACE,
    W_BR,
    W_P,
    W_T,
    W_TAB,
    W_TC,
    _key,
    _LoopRow,
    _own_text_nodes,
    _Para,
    _parse_tokens,
    _Token,
)


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
