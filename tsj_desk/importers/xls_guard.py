"""The .xls workbooks (OLE2 compound file, BIFF8 records), read strictly (``check_xls``).

Part of ``guards.check_spreadsheet``; see ``guards`` for what is refused.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable, Iterator

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.guard_messages import MiB
from tsj_desk.importers.guard_messages import damaged as _damaged
from tsj_desk.importers.guard_messages import number_text as _n
from tsj_desk.importers.guard_messages import refused as _refused
from tsj_desk.importers.sheet_limits import MAX_SHEETS, Extent, Limits, check_extent, _columns, _rows
from tsj_desk.importers.text_guard import BookText

_END_OF_CHAIN = 0xFFFFFFFA  # sector ids from here on end a chain (end, free, FAT, DIFAT)
_MINI_CUTOFF = 4096
_CELL_RECORDS = {0x0203: 14, 0x0204: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_SST_RECORD = 0x00FC
_LABEL_SST = 0x00FD
_CONTINUE = 0x003C
_EOF = 0x000A


def check_xls(data: bytes, name: str, limits: Limits) -> None:
    streams = _workbook_streams(data, name)
    if not streams:
        raise _damaged(name, "в книге нет потока Workbook")
    for stream in streams:
        _scan_biff(stream, name, limits)


def _workbook_streams(data: bytes, name: str) -> list[bytes]:
    """The Workbook (or Book) streams of a compound file, read strictly: a cycle or
    an out-of-range sector refuses the file instead of looping or guessing."""
    def damaged(detail: str) -> FileProblem:
        return _damaged(name, f"структура книги Excel 97–2003: {detail}")

    if len(data) < 512:
        raise damaged("файл короче заголовка")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise damaged("неверный размер сектора")
    size = 1 << shift
    count = (len(data) - 1) // size  # sector i is at (i + 1) * size; the last may be short

    def sector(index: int) -> bytes:
        if index >= count:
            raise damaged("ссылка за конец файла")
        block = data[(index + 1) * size:(index + 2) * size]
        return block if len(block) == size else block.ljust(size, b"\0")

    def chain(start: int, table: array, read: Callable[[int], bytes], limit: int) -> bytes:
        parts, seen, index = [], set(), start
        while index < _END_OF_CHAIN:
            if index >= len(table) or index in seen or len(seen) > limit:
                raise damaged("цепочка секторов зациклена или оборвана")
            seen.add(index)
            parts.append(read(index))
            index = table[index]
        return b"".join(parts)

    # the FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors
    fat_sectors = [index for index in struct.unpack_from("<109I", data, 0x4C) if index < _END_OF_CHAIN]
    seen: set[int] = set()
    index = struct.unpack_from("<I", data, 0x44)[0]
    while index < _END_OF_CHAIN:
        if index in seen:
            raise damaged("таблица размещения зациклена")
        seen.add(index)
        block = struct.unpack(f"<{size // 4}I", sector(index))
        fat_sectors.extend(i for i in block[:-1] if i < _END_OF_CHAIN)
        if len(fat_sectors) > count:  # calamine would read every one of them into memory
            raise damaged("таблица размещения больше самого файла")
        index = block[-1]
    if len(fat_sectors) > count:
        raise damaged("таблица размещения больше самого файла")
    fat = _u32_array(b"".join(sector(index) for index in fat_sectors))
    directory = chain(struct.unpack_from("<I", data, 0x30)[0], fat, sector, count)
    if len(directory) > MiB:  # 8,192 entries; a workbook has a handful
        raise damaged("каталог больше мегабайта")
    entries = []
    for at in range(0, len(directory) - 127, 128):
        entry = directory[at:at + 128]
        entry_name = entry[:64].decode("utf-16-le", "ignore").split("\0", 1)[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0]
        entries.append((entry_name, start, length))
    if not entries:
        raise damaged("нет каталога")
    wanted = [entry for entry in entries if entry[0].lower() in ("workbook", "book")]
    streams = []
    mini: bytes | None = None
    minifat: array | None = None
    for _, start, length in wanted:
        if length < _MINI_CUTOFF:
            if mini is None:
                root_start, root_length = entries[0][1], entries[0][2]
                mini = chain(root_start, fat, sector, count)[:root_length]
                minifat = _u32_array(chain(struct.unpack_from("<I", data, 0x3C)[0], fat, sector, count))
            stream_bytes = mini  # bind for the closure

            def mini_sector(index: int, stream_bytes: bytes = stream_bytes) -> bytes:
                block = stream_bytes[index * 64:(index + 1) * 64]
                if len(block) < 64:
                    raise damaged("ссылка за конец мини-потока")
                return block
            streams.append(chain(start, minifat, mini_sector, len(mini) // 64 + 1)[:length])
        else:
            streams.append(chain(start, fat, sector, count)[:length])
    return streams


def _u32_array(data: bytes) -> array:
    table = array("I")
    table.frombytes(data[:len(data) - len(data) % 4])
    if sys.byteorder == "big":  # pragma: no cover - little-endian on every supported machine
        table.byteswap()
    return table


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, data offset, length) of the BIFF records from ``pos`` to the first EOF."""
    unpack = struct.Struct("<HH").unpack_from
    end = len(stream)
    while pos + 4 <= end:
        typ, length = unpack(stream, pos)
        start = pos + 4
        pos = start + length
        if pos > end:
            return
        yield typ, start, length
        if typ == _EOF:
            return


def _scan_biff(stream: bytes, name: str, limits: Limits) -> None:
    sheets = []
    book = BookText(name, limits)
    tables: list[list[tuple[int, int]]] = []  # each SST record and its CONTINUE records
    following = False
    for typ, start, length in _records(stream, 0):
        if typ == _CONTINUE and following:
            tables[-1].append((start, length))
            continue
        following = False
        if typ == _BOUNDSHEET and length >= 4:
            sheets.append(struct.unpack_from("<I", stream, start)[0])
            if len(sheets) > MAX_SHEETS:
                raise _refused(name, f"в книге больше {_n(MAX_SHEETS)} листов.")
        elif typ == _SST_RECORD and length >= 8:
            unique = struct.unpack_from("<i", stream, start + 4)[0]
            if unique < 0 or unique > len(stream) // 3:
                raise _damaged(name, f"таблица строк объявляет {_n(unique)} строк")
            tables.append([(start, length)])
            following = True
    for table in tables:
        book.xls_shared_strings(stream, table)
    lengths, longest = book.lengths, book.longest
    unpack_index = struct.Struct("<I").unpack_from
    walked = 0
    cell_len = _CELL_RECORDS
    unpack_cell = struct.Struct("<HH").unpack_from
    for number, pos in enumerate(sheets, start=1):
        if pos > len(stream):
            raise _damaged(name, f"лист № {number} начинается за концом книги")
        extent = Extent()
        last = pos
        text = 0  # bytes of the shared strings its LABELSST cells name
        for typ, start, length in _records(stream, pos):
            last = start + length
            minimum = cell_len.get(typ)
            if minimum is not None:
                if length >= 4:
                    row, col = unpack_cell(stream, start)
                    extent.add(row, col)
                    extent.cells += 1
                    if typ == _LABEL_SST and length >= 10:
                        index = unpack_index(stream, start + 6)[0]
                        text += lengths[index] if index < len(lengths) else longest
            elif typ == _MULRK and length >= 6:
                row, col = unpack_cell(stream, start)
                count = (length - 6 + 5) // 6
                if count:
                    extent.add(row, col + count - 1)
                    extent.cells += count
            elif typ == _DIMENSIONS:
                _check_dimensions(stream, start, length, name, number, limits)
        walked += last - pos
        if walked > len(stream):
            raise _refused(name, "листы книги наложены друг на друга — файл повреждён или подделан.")
        check_extent(name, extent, limits, f"№ {number}" if len(sheets) > 1 else "")
        book.xls_sheet(text, f"№ {number}" if len(sheets) > 1 else "")


def _check_dimensions(stream: bytes, start: int, length: int, name: str, number: int,
                      limits: Limits) -> None:
    """calamine reserves memory for the DIMENSIONS record's rows × columns (wrapping)."""
    if length == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, start)
    elif length == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, start)
    else:
        return
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    mask = 0xFFFFFFFF
    rows = (((end_row - first_row) & mask) + 1) & mask
    cols = (((end_col - first_col) & mask) + 1) & mask
    if rows * cols > limits.cells:
        raise FileProblem(f"Лист № {number} файла «{name}» объявляет размер {_rows(rows)} на "
                          f"{_columns(cols)} — больше допустимых {_n(limits.cells)} ячеек. "
                          "Такой файл не загружается.")


__all__ = ["check_xls"]
