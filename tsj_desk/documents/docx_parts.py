"""Small pieces of WordprocessingML that python-docx has no call for: page-number
fields in a footer, a repeated table header, a page break."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


def _field(instruction: str) -> str:
    """A complex field (``PAGE``, ``NUMPAGES``) with «1» shown until Word updates it."""
    return (f"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            f"<w:r><w:instrText xml:space=\"preserve\"> {instruction} </w:instrText></w:r>"
            f"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
            f"<w:r><w:t>1</w:t></w:r>"
            f"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")


def page_number_footer(section, size_half_points: int = 18) -> None:
    """«стр. N из M» centred in the footer of ``section`` (the PAGE and NUMPAGES fields)."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    p = paragraph._p
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    size = f"<w:rPr><w:sz w:val=\"{size_half_points}\"/></w:rPr>"

    def text(value: str) -> str:
        return f"<w:r>{size}<w:t xml:space=\"preserve\">{value}</w:t></w:r>"

    xml = (f"<w:p {nsdecls('w')}>"
           + text("стр. ") + _field("PAGE") + text(" из ") + _field("NUMPAGES") + "</w:p>")
    for child in parse_xml(xml):
        p.append(child)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def page_break_paragraph():
    """A paragraph holding only a page break (``w:br w:type="page"``)."""
    return parse_xml(f"<w:p {nsdecls('w')}><w:r><w:br w:type=\"page\"/></w:r></w:p>")
