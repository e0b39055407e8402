"""The encoding of a Russian text file (a 1С/Сбербанк .csv): UTF-8, with or without
its byte-order mark, or Windows-1251 — and only when the text then reads as Russian.

Decoding without an error proves little: every byte is some character of
Windows-1251, so «Жуков» saved in KOI8-R, DOS (866) or Mac Cyrillic decodes there into
«цХЛПЧ», «†гЄ®ў» or «†уков», and the import would make meters and names of them. The text is scored
by its letters instead: how often each occurs in Russian, with characters no Russian
text holds (Serbian letters, «†», «‰», a quote glued to the front of a word) counted
as the rarest of all. Text read from Windows-1251 must score well enough and better
than the same bytes read in those three code pages; anything else is refused.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from tsj_desk.domain.errors import FileProblem

UTF8_MARK = b"\xef\xbb\xbf"

# Letters of Russian text in percent (the frequencies of the Russian National Corpus;
# «ё» raised from 0.04: names and addresses in our files write it more than prose does).
_FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.20,
}
_LOG = {letter: math.log2(percent / 100) for letter, percent in _FREQUENCY.items()}
# A character no Russian text holds scores as one in 16,000: well below «ъ» (-11.3).
_STRANGE = -14.0
# Punctuation an office text does hold; it does not count either way.
_ORDINARY = set("«»—–№…°\u00a0\u202f×·§")
# Quotes and bullets are ordinary too, except glued to the front of a word: there they
# are the capital letters of a Mac Cyrillic file read as Windows-1251 (‘аввич, •олодная).
_GLUED = re.compile("[‘’“”„‚•](?=[а-яё])", re.IGNORECASE)
_NOT_COUNTED = _ORDINARY | set("‘’“”„‚•")

# Russian text scores -4.5 a letter on average (spread 1.1), the names, addresses and
# abbreviations of our files a little lower: a text of n letters must score at least
# FLOOR - SPREAD / sqrt(n), a bar lower for a short text, whose mean wanders more.
FLOOR = -5.0
SPREAD = 3.3
RIVALS = ("koi8_r", "cp866", "mac_cyrillic")

# A large file is judged by 16 pieces of 16 KiB spread over it (whole lines): some
# hundred thousand letters, as telling as the whole file and read in a moment.
PIECE = 16 * 1024
PIECES = 16


def russian_score(text: str) -> float | None:
    """The mean log2 frequency of the text's characters beyond ASCII as Russian letters
    (strange characters counted at ``_STRANGE``); None when it has none."""
    total, count = _score(text)
    return total / count if count else None


def _score(text: str) -> tuple[float, int]:
    total, count = 0.0, 0
    for char, times in Counter(text).items():
        if char < "\x80" or char in _NOT_COUNTED:
            continue
        total += times * _LOG.get(char.lower(), _STRANGE)
        count += times
    glued = len(_GLUED.findall(text))
    return total + glued * _STRANGE, count + glued


def _looks_russian(text: str) -> bool:
    total, count = _score(text)
    return not count or total / count >= FLOOR - SPREAD / math.sqrt(count)


def _reads_better_than_rivals(sample: bytes) -> bool:
    own = russian_score(sample.decode("cp1251"))
    if own is None:
        return True
    for encoding in RIVALS:
        try:
            rival = russian_score(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if rival is not None and rival > own:
            return False
    return True


def _sample(data: bytes) -> bytes:
    """The whole of a small file; whole lines of ``PIECES`` pieces spread over a large one."""
    if len(data) <= PIECE * PIECES:
        return data
    step, pieces = len(data) // PIECES, []
    for index in range(PIECES):
        start = 0 if index == 0 else data.find(b"\n", index * step) + 1
        end = data.rfind(b"\n", start, start + PIECE)
        if start > 0 or index == 0:
            pieces.append(data[start:end if end > start else start + PIECE])
    return b"\n".join(pieces)


def _unknown(name: str) -> FileProblem:
    return FileProblem(f"Не удалось определить кодировку файла «{name}»: сохраните его в UTF-8 "
                       "или Windows-1251.")


def decode_russian_text(data: bytes, name: str) -> str:
    """The text of a file in UTF-8 (with or without its mark) or Windows-1251 that
    reads as Russian; a ``FileProblem`` naming the file for anything else."""
    marked = data.startswith(UTF8_MARK)
    body = data[len(UTF8_MARK):] if marked else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if marked:
            raise FileProblem(f"Файл «{name}» помечен как UTF-8, но записан в другой кодировке: "
                              "сохраните его заново в UTF-8 или Windows-1251.") from exc
    else:  # the bytes of an 8-bit code page are almost never valid UTF-8 beyond ASCII
        if _looks_russian(_sample(body).decode("utf-8", "ignore")):
            return text
        raise _unknown(name)
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise _unknown(name) from exc
    sample = _sample(data)
    if _looks_russian(sample.decode("cp1251")) and _reads_better_than_rivals(sample):
        return text
    raise _unknown(name)
