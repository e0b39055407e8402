"""The shared-strings tables of .xlsx and .xls, read the way calamine reads them.

Each string's length in UTF-8 bytes, by index, for ``text_guard``: a cell naming a
shared string costs calamine (and Python) a copy of it. ``book`` is the
``text_guard.BookText`` the strings are for (its ``name``, its ``limits``).
"""

from __future__ import annotations

import re
import struct
from array import array
from typing import TYPE_CHECKING
from xml.parsers import expat

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.guard_messages import TEXT_ADVICE, damaged, number_text, refused, size_text

if TYPE_CHECKING:
    from tsj_desk.importers.text_guard import BookText

# Any tag's attributes, quotes respected: a ">" inside a value does not end the tag.
ATTRS = rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
# A t attribute calamine may read as "s" (calamine wants the value exactly "s"; this
# also takes spaces around it, never stricter).
SHARED_ATTR = re.compile(rb"""(?:^|[\s"'])t\s*=\s*(?:"\s*s\s*"|'\s*s\s*')""")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])(" + ATTRS + rb")>")


def is_shared_strings_part(member: str) -> bool:
    """A zip part calamine may read as an .xlsx's shared strings (it ignores case)."""
    return member.replace("\\", "/").lower().endswith("sharedstrings.xml")


# ---------------------------------------------------------------- .xlsx

_SI_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class SharedStringsText:
    """One part calamine may read as the shared strings: the length of each string.

    Mirrors calamine: strings are the ``<si>`` elements after the first ``<sst>`` start,
    up to its end; a string ends at the first end tag of its own name; its text is the
    character data of its ``<t>`` elements (any prefix) outside ``<rPh>`` runs.

    Where expat gives up (XML that is not well-formed, which calamine may still read:
    a raw control character, say), the strings after that point are not known one by
    one: each counts as the widest stretch between two ``<si>`` tags, markup included,
    and the text as every byte from there on.
    """

    def __init__(self, book: BookText, member: str):
        self.book, self.member = book, member
        self.lengths = array("I")
        self.text = 0
        self.state = 0  # 0 before <sst>, 1 within it, 2 after it
        self.closing: str | None = None  # the name that ends the current string
        self.t_name: str | None = None  # the name that ends the current <t>
        self.phonetic = False
        self.current = 0
        self.broken = False  # expat gave up: what follows is measured between <si> tags
        self.more = 0  # <si> tags after that
        self.gap = 0  # bytes since the last of them
        self.widest = 0  # the most bytes between two of them
        self.tags = 0  # <si> tags seen, wherever they are (at least as many as strings)
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.StartDoctypeDeclHandler = self._declaration
        parser.EntityDeclHandler = self._declaration
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser = parser

    def _declaration(self, *args) -> None:
        raise refused(self.book.name, f"часть «{self.member}» содержит объявление DOCTYPE/ENTITY — "
                                      "в таблицах Excel и LibreOffice их не бывает.")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c" and attrs.get("t") == "s":
            raise self._also_a_sheet()
        if self.state != 1:
            if self.state == 0 and local == "sst":
                self.state = 1
            return
        if self.closing is None:
            if local == "si":
                self.closing, self.current, self.phonetic = name, 0, False
        elif self.t_name is None:
            if local == "rPh":
                self.phonetic = True
            elif local == "t" and not self.phonetic:
                self.t_name = name

    def _end(self, name: str) -> None:
        if self.state != 1:
            return
        if self.t_name is not None:
            if name == self.t_name:
                self.t_name = None
        elif self.closing is None:
            if _local(name) == "sst":
                self.state = 2
        elif name == self.closing:
            self._finish()
        elif _local(name) == "rPh":
            self.phonetic = False

    def _data(self, data: str) -> None:
        if self.t_name is not None:
            self.current += len(data.encode("utf-8", "surrogatepass"))
            if self.text + self.current > self.book.limits.shared_text:
                raise self._too_much_text()

    def _finish(self) -> None:
        self.closing = None
        self.lengths.append(self.current)
        self.text += self.current
        self._check()

    def _check(self) -> None:
        if len(self.lengths) + self.more > self.book.limits.shared_strings:
            raise self._too_many_strings()
        if self.text > self.book.limits.shared_text:
            raise self._too_much_text()

    def _too_many_strings(self) -> FileProblem:
        return refused(self.book.name, f"в таблице строк книги (часть «{self.member}») больше "
                                       f"{number_text(self.book.limits.shared_strings)} строк — программа столько "
                                       f"не загружает. {TEXT_ADVICE}")

    def _also_a_sheet(self) -> FileProblem:
        return damaged(self.book.name, f"часть «{self.member}» — одновременно таблица строк и лист")

    def _too_much_text(self) -> FileProblem:
        return refused(self.book.name, f"в таблице строк книги (часть «{self.member}») больше "
                                       f"{size_text(self.book.limits.shared_text)} текста — программа столько не "
                                       f"загружает. {TEXT_ADVICE}")

    def _parse(self, data: bytes, final: bool) -> None:
        if not self.broken:
            try:
                self.parser.Parse(data, final)
                return
            except (expat.ExpatError, LookupError, ValueError):  # LookupError: an unknown encoding
                self.broken, self.parser = True, None
                self.text += self.current  # the string under way, then the rest of it
                self.gap = self.widest = self.current
        if data:
            self._measure(data)

    def _measure(self, data: bytes) -> None:
        if b"c" in data and any(SHARED_ATTR.search(match[1]) for match in CELL_TAG.finditer(data)):
            raise self._also_a_sheet()
        starts = [match.start() for match in _SI_START.finditer(data)]
        if starts:
            self.widest = max(self.widest, self.gap + starts[0],
                              max((b - a for a, b in zip(starts, starts[1:])), default=0))
            self.gap = len(data) - starts[-1]
        else:
            self.gap += len(data)
        self.widest = max(self.widest, self.gap)
        self.more += len(starts)
        self.text += len(data)
        self._check()

    def feed(self, chunk: bytes) -> None:
        # more <si> tags than strings allowed (counted loosely: never fewer): refused
        # before expat reads them one by one
        self.tags += chunk.count(b"<si")
        if b":si" in chunk:  # prefixed tags: their start tags one by one
            self.tags += sum(1 for match in _SI_START.finditer(chunk) if chunk[match.start() + 1] != 115)
        if self.tags > self.book.limits.shared_strings:
            raise self._too_many_strings()
        self._parse(chunk, False)

    def close(self) -> None:
        self._parse(b"", True)
        self.book.add_shared(self.lengths, self.text, self.widest)


# ---------------------------------------------------------------- .xls


def _utf8_size(chars: memoryview, width: int) -> int:
    """UTF-8 bytes of SST characters: UTF-16 (``width`` 2) or one byte each, Latin-1."""
    if width == 1:
        return len(chars) + bytes(chars).translate(_HIGH_HALF).count(1)
    return len(bytes(chars).decode("utf-16-le", "surrogatepass").encode("utf-8", "surrogatepass"))


_HIGH_HALF = bytes(0 if byte < 0x80 else 1 for byte in range(256))


def xls_sst_lengths(stream: bytes, parts: list[tuple[int, int]], book: BookText) -> tuple[array, int]:
    """Bytes of each string of a BIFF8 SST (``parts``: the SST record, then its CONTINUE
    records), read as calamine's ``parse_sst`` reads them. Where calamine would fail
    (a record too short), the walk stops: calamine then opens no sheet at all."""
    view = memoryview(stream)
    fragments = [view[start:start + length] for start, length in parts]
    lengths = array("I")
    text = 0
    limits = book.limits
    if len(fragments[0]) < 8:
        return lengths, text
    data = fragments[0][8:]
    following = iter(fragments[1:])
    u16 = struct.Struct("<H").unpack_from
    i32 = struct.Struct("<i").unpack_from

    def next_fragment() -> memoryview | None:
        return next(following, None)

    while True:
        if not len(data):
            data = next_fragment()
            if data is None:
                break
            if not len(data):
                lengths.append(0)  # calamine reads an empty CONTINUE as an empty string
                continue
        if len(data) < 3:
            break
        chars, flags = u16(data, 0)[0], data[2]
        data = data[3:]
        runs = extra = 0
        if flags & 0x8:
            if len(data) < 2:
                break
            runs = u16(data, 0)[0]
            data = data[2:]
        if flags & 0x4:
            if len(data) < 4:
                break
            extra = i32(data, 0)[0]
            if extra < 0:
                break  # calamine reads it as an enormous length and fails
            data = data[4:]
        width = 2 if flags & 0x1 else 1
        size, left = 0, chars
        broken = False
        while left > 0:
            take = min(left, len(data) // width)
            size += _utf8_size(data[:take * width], width)
            data = data[take * width:]
            left -= take
            if left > 0:
                data = next_fragment()
                if data is None or not len(data):
                    broken = True
                    break
                width = 2 if data[0] & 0x1 else 1
                data = data[1:]
        if broken:
            break
        skip = runs * 4 + extra
        while skip > 0:
            if not len(data):
                data = next_fragment()
                if data is None:
                    broken = True
                    break
            step = min(skip, len(data))
            data = data[step:]
            skip -= step
        if broken:
            break
        lengths.append(size)
        text += size
        if len(lengths) > limits.shared_strings:
            raise refused(book.name, f"в таблице строк книги больше {number_text(limits.shared_strings)} строк — "
                                     f"программа столько не загружает. {TEXT_ADVICE}")
        if text > limits.shared_text:
            raise refused(book.name, f"в таблице строк книги больше {size_text(limits.shared_text)} текста — "
                                     f"программа столько не загружает. {TEXT_ADVICE}")
    return lengths, text


__all__ = ["ATTRS", "CELL_TAG", "SHARED_ATTR", "SharedStringsText", "is_shared_strings_part", "xls_sst_lengths"]
