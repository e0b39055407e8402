"""Build the shipped .docx templates of letters and acts.

Run from the project root: ``uv run python resources/templates/build_templates.py``.
It rewrites ``request_notice.docx``, ``request_answer.docx``, ``act_damage.docx``,
``act_maintenance_quality.docx``, ``act_utility_quality.docx`` and
``verification_notice.docx`` next to itself.
The field syntax is described in ``tsj_desk/documents/templates.py``; the names each
template may use are the constants of ``tsj_desk/documents/letters.py`` and
``tsj_desk/documents/acts.py`` and ``tsj_desk/documents/reminders.py`` (tests check
that they match).

Layout: A4, Times New Roman 12, single spacing; margins top and bottom 2 cm, left
2 cm, right 1.5 cm. The output is byte-for-byte reproducible (fixed dates inside
the package and in the zip), so rebuilding changes nothing unless this script does.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
SIZE = Pt(12)
TEXT_WIDTH = Cm(21.0 - 2.0 - 1.5)
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)

# Lines printed in the templates themselves (always handwritten).
SIGN = "________________"

TITLES = {
    "damage": "Акт о причинении ущерба жизни, здоровью и имуществу потребителя, общему "
              "имуществу собственников помещений в МКД",
    "maintenance_quality": "Акт о нарушении качества или превышении установленной "
                           "продолжительности перерыва в оказании услуг или выполнении "
                           "работ по содержанию и ремонту общего имущества в МКД",
    "utility_quality": "Акт проверки качества предоставляемых коммунальных услуг",
}


# --------------------------------------------------------------------------- basics


def new_document(title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1.0)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    lang.set(qn("w:eastAsia"), "ru-RU")
    r_pr.append(lang)
    form = normal.paragraph_format
    form.space_before = form.space_after = Pt(0)
    form.line_spacing = 1.0
    form.widow_control = True
    # The default template's body holds one empty paragraph; start from nothing.
    body = document.element.body
    for child in list(body):
        if child.tag == qn("w:p"):
            body.remove(child)
    properties = document.core_properties
    properties.title = title
    properties.author = "ТСЖ Деск"
    properties.last_modified_by = "ТСЖ Деск"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    properties.comments = "Шаблон ТСЖ Деск. Поля — {{ имя }}; см. справку программы."
    return document


def paragraph(container, *pieces, align=None, indent=False, before=0, after=0,
              size=None, keep_next=False, bold=False):
    """Add a paragraph of ``pieces``: strings, or ``(text, "b"/"i"/"bi")`` tuples."""
    para = container.add_paragraph()
    form = para.paragraph_format
    if align is not None:
        para.alignment = align
    if indent:
        form.first_line_indent = Cm(1.25)
    form.space_before, form.space_after = Pt(before), Pt(after)
    if keep_next:
        form.keep_with_next = True
    for piece in pieces:
        text, style = (piece, "") if isinstance(piece, str) else piece
        run = para.add_run(text)
        run.bold = True if (bold or "b" in style) else None
        run.italic = True if "i" in style else None
        if size is not None:
            run.font.size = Pt(size)
    return para


def cell_paragraph(cell, *pieces, align=None, size=None, bold=False):
    """Write into a cell's first empty paragraph, else add one."""
    para = cell.paragraphs[-1]
    if para.text or para.runs:
        para = cell.add_paragraph()
    if align is not None:
        para.alignment = align
    for piece in pieces:
        text, style = (piece, "") if isinstance(piece, str) else piece
        run = para.add_run(text)
        run.bold = True if (bold or "b" in style) else None
        run.italic = True if "i" in style else None
        if size is not None:
            run.font.size = Pt(size)
    return para


# Elements that follow w:pBdr in w:pPr and w:tblCellMar in w:tblPr (WordprocessingML
# schema order: Word refuses a file whose properties are out of order).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def bottom_border(para) -> None:
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_PBDR)


def table(container, widths_cm, *, grid: bool, cell_margin: int = 57):
    """A fixed-layout table; ``cell_margin`` is the left/right cell margin in twips
    (0 lines the text of a table without borders up with the paragraphs around it)."""
    tbl = container.add_table(rows=0, cols=len(widths_cm))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    if grid:
        tbl.style = "Table Grid"
    _fixed_layout(tbl, cell_margin)
    tbl._widths = [Cm(w) for w in widths_cm]
    return tbl


def _fixed_layout(tbl, cell_margin: int = 57) -> None:
    """Narrow cell margins (1 mm by default); ``autofit = False`` already fixed the layout."""
    tbl_pr = tbl._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("left", str(cell_margin)), ("right", str(cell_margin))):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), value)
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, *_AFTER_TBLCELLMAR)


def add_row(tbl, height_cm=None, header=False, cant_split=True):
    row = tbl.add_row()
    for cell, width in zip(row.cells, tbl._widths):
        cell.width = width
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    if height_cm is not None:
        row.height = Cm(height_cm)
    return row


def set_grid_widths(tbl) -> None:
    grid = tbl._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), tbl._widths):
        col.set(qn("w:w"), str(int(width.twips)))


def save(document, out: Path) -> Path:
    """Save with fixed zip timestamps so a rebuild is byte-identical."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out


# --------------------------------------------------------------------------- letters


def letter_head(document) -> None:
    paragraph(document, "{{ org_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=13)
    paragraph(document, "{{ org_address }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=10)
    contacts = paragraph(document, "{{ org_contacts }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=10)
    bottom_border(contacts)
    paragraph(document, "")


def requisites(document, left_lines, right_lines) -> None:
    """Outgoing number and date on the left, the addressee on the right."""
    tbl = table(document, [8.0, 9.5], grid=False)
    row = add_row(tbl, cant_split=True)
    for line in left_lines:
        cell_paragraph(row.cells[0], *line)
    for line in right_lines:
        cell_paragraph(row.cells[1], *line)
    set_grid_widths(tbl)
    paragraph(document, "")


def signature(document) -> None:
    paragraph(document, "", before=18)
    tbl = table(document, [7.0, 4.5, 6.0], grid=False)
    row = add_row(tbl)
    cell_paragraph(row.cells[0], "{{ chairman_position }}")
    cell_paragraph(row.cells[1], SIGN, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[1], "(подпись)", align=WD_ALIGN_PARAGRAPH.CENTER, size=8)
    cell_paragraph(row.cells[2], "{{ chairman_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    cell_paragraph(row.cells[0], "{{ org_name }}", size=10)
    set_grid_widths(tbl)


def build_request_notice(out_dir: Path) -> Path:
    document = new_document("Уведомление о регистрации обращения")
    letter_head(document)
    requisites(
        document,
        [["Исх. № {{ out_no }}"], ["от {{ notice_date }}"]],
        [["{{ applicant_name }}"], ["{{ applicant_address }}"]],
    )
    paragraph(document, "Уведомление о регистрации обращения",
              align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    justified = dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
    paragraph(document, "Сообщаем, что Ваше обращение поступило {{ received_date }} в "
              "{{ received_time }} и зарегистрировано под № ", ("{{ reg_no }}", "b"), ".",
              **justified)
    paragraph(document, "Категория обращения: {{ category }}", **justified)
    paragraph(document, "Содержание обращения: {{ subject }}", **justified)
    paragraph(document, "Ответ на обращение будет дан не позднее ", ("{{ due_date }}", "b"),
              " (срок ответа — {{ due_basis }}).", **justified)
    paragraph(document, "Ответ будет направлен тем же способом, которым поступило обращение, "
              "если Вы не указали иной способ.", **justified)
    paragraph(document, "Если Вы обратитесь к нам по этому вопросу ещё раз, пожалуйста, "
              "назовите регистрационный номер обращения.", **justified)
    signature(document)
    return save(document, out_dir / "request_notice.docx")


def build_request_answer(out_dir: Path) -> Path:
    document = new_document("Ответ на обращение")
    letter_head(document)
    requisites(
        document,
        [["Исх. № {{ out_no }} от {{ out_date }}"], ["На № {{ reg_no }} от {{ received_date }}"]],
        [["{{ addressee_name }}"], ["{{ addressee_address }}"]],
    )
    paragraph(document, "О рассмотрении обращения № {{ reg_no }}", bold=True, after=12)
    justified = dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
    paragraph(document, "На Ваше обращение № {{ reg_no }} от {{ received_date }} по вопросу "
              "«{{ subject }}» сообщаем следующее.", **justified)
    paragraph(document, "{{ answer_text }}", **justified)
    paragraph(document, "Результат рассмотрения обращения: ", ("{{ result }}", "b"), ".", **justified)
    paragraph(document, "Если Вы не согласны с ответом, Вы вправе обжаловать его в порядке, "
              "установленном законодательством Российской Федерации.", **justified)
    signature(document)
    return save(document, out_dir / "request_answer.docx")


# --------------------------------------------------------------------------- acts


def act_head(document, kind: str) -> None:
    paragraph(document, TITLES[kind], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    paragraph(document, "№ {{ act_no }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=6)
    page_footer(document)
    tbl = table(document, [8.75, 8.75], grid=False, cell_margin=0)
    row = add_row(tbl)
    cell_paragraph(row.cells[0], "г. {{ city }}")
    cell_paragraph(row.cells[1], "{{ act_date }} в {{ act_time }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    set_grid_widths(tbl)
    line = dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
    paragraph(document, ("Исполнитель: ", "b"), "{{ org_name }}", before=6, **line)
    paragraph(document, ("Представитель исполнителя: ", "b"), "{{ rep_name }}, {{ rep_position }}, "
              "{{ rep_acting }} на основании {{ rep_basis }}", **line)
    paragraph(document, ("В присутствии: ", "b"), "{{ witnesses }}", **line)
    paragraph(document, ("Собственник (пользователь) помещения: ", "b"), "{{ owner_name }}", **line)
    paragraph(document, ("Помещение: ", "b"), "№ {{ premise_no }}, адрес: {{ address }}", **line)
    paragraph(document, ("Основание: ", "b"), "обращение № {{ request_no }} от {{ request_received }}",
              **line)
    paragraph(document, "Настоящий акт составлен о нижеследующем.", before=4, after=4,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _field_code(para, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) at the end of ``para``; Word and LibreOffice update it."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    para._p.append(simple)


def page_footer(document) -> None:
    """«Акт № … , стр. N из M» at the foot of each page: the pages of a two-page act
    are signed or numbered so that none can be swapped."""
    footer = document.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, code in (("Акт № {{ act_no }}, стр. ", "PAGE"), (" из ", "NUMPAGES")):
        run = para.add_run(text)
        run.font.size = Pt(9)
        _field_code(para, code)
    for simple in para._p.findall(qn("w:fldSimple")):
        r_pr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")
        r_pr.append(size)
        simple.find(qn("w:r")).insert(0, r_pr)


def section(document, number: int, title: str, field: str | None = None) -> None:
    paragraph(document, (f"{number}. {title}", "b"), keep_next=field is not None,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=4)
    if field is not None:
        paragraph(document, "{{ " + field + " }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)


def act_tail(document, next_number: int) -> None:
    section(document, next_number, "Особое мнение участников, дополнительные сведения:", "notes")
    paragraph(document, "Акт составлен в {{ copies }} экз., один экземпляр передаётся потребителю.",
              before=6, after=4, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, ("Подписи участников:", "b"), keep_next=True, after=2)
    tbl = table(document, [1.0, 5.5, 6.5, 4.5], grid=True)
    head = add_row(tbl, header=True)
    for cell, text in zip(head.cells, ("№", "Участник", "Ф. И. О.", "Подпись")):
        cell_paragraph(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    row = add_row(tbl, height_cm=0.75)
    cell_paragraph(row.cells[0], "{{ for p in participants blank_rows=4 }}{{ loop.index }}",
                   align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[1], "{{ p.role }}")
    cell_paragraph(row.cells[2], "{{ p.name }}")
    set_grid_widths(tbl)
    line = dict(align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    # the name and the reason on lines of their own: blank, each is a full line to write on
    paragraph(document, ("От подписания акта отказался(-ась): ", "b"), "{{ refusal_name }}",
              before=6, keep_next=True, **line)
    paragraph(document, "Причина отказа: {{ refusal_reason }}", keep_next=True, **line)
    paragraph(document, "Отказ от подписи удостоверяют незаинтересованные лица:", keep_next=True, **line)
    paragraph(document, "1. {{ refusal_witness1 }}  " + SIGN + " (подпись)", keep_next=True, **line)
    paragraph(document, "2. {{ refusal_witness2 }}  " + SIGN + " (подпись)", **line)
    paragraph(document, ("Экземпляр акта получил(а): ", "b"), SIGN + " (подпись)  "
              + "______________ (дата)", before=6, **line)


def build_act_damage(out_dir: Path) -> Path:
    document = new_document(TITLES["damage"])
    act_head(document, "damage")
    paragraph(document, ("Дата и время происшествия: ", "b"), "{{ event_date }} {{ event_time }}",
              after=2)
    paragraph(document, ("Причинитель вреда: ", "b"), "{{ culprit }}", after=2,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    section(document, 1, "Описание ущерба (что повреждено, где, объём; вред жизни и здоровью):",
            "damage_description")
    section(document, 2, "Обстоятельства и причина причинения ущерба:", "cause")
    section(document, 3, "Повреждённое имущество:")
    tbl = table(document, [1.0, 7.2, 6.1, 3.2], grid=True)
    head = add_row(tbl, header=True)
    for cell, text in zip(head.cells, ("№", "Имущество, место", "Характер повреждения", "Объём")):
        cell_paragraph(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    row = add_row(tbl, height_cm=0.6)
    cell_paragraph(row.cells[0], "{{ for item in items blank_rows=3 }}{{ loop.index }}",
                   align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[1], "{{ item.name }}")
    cell_paragraph(row.cells[2], "{{ item.damage }}")
    cell_paragraph(row.cells[3], "{{ item.extent }}")
    set_grid_widths(tbl)
    act_tail(document, 4)
    return save(document, out_dir / "act_damage.docx")


def build_act_maintenance_quality(out_dir: Path) -> Path:
    document = new_document(TITLES["maintenance_quality"])
    act_head(document, "maintenance_quality")
    paragraph(document, ("Услуга (работа) по содержанию и ремонту общего имущества: ", "b"),
              "{{ service }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
    section(document, 1, "Нарушение качества или превышение продолжительности перерыва "
            "(что и насколько отклоняется от установленных требований):", "violation")
    paragraph(document, ("2. Период нарушения: ", "b"), "с {{ violation_start }} по {{ violation_end }}",
              before=4, after=2)
    section(document, 3, "Основание для изменения (снижения) размера платы за содержание "
            "жилого помещения:", "fee_reduction")
    act_tail(document, 4)
    return save(document, out_dir / "act_maintenance_quality.docx")


def build_act_utility_quality(out_dir: Path) -> Path:
    document = new_document(TITLES["utility_quality"])
    act_head(document, "utility_quality")
    paragraph(document, ("Дата и время проверки: ", "b"), "{{ check_date }} в {{ check_time }}", after=2)
    paragraph(document, ("Коммунальная услуга: ", "b"), "{{ service }}", after=2)
    paragraph(document, ("1. Дата и время начала нарушения качества: ", "b"), "{{ violation_start }}",
              before=4, after=2)
    section(document, 2, "Результаты проверки: нарушенные параметры качества (фактические и "
            "нормативные значения) или сведения о том, что нарушение не выявлено:", "findings")
    section(document, 3, "Методы и средства измерений (наименование, заводской номер, дата "
            "поверки):", "methods")
    act_tail(document, 4)
    return save(document, out_dir / "act_utility_quality.docx")


# --------------------------------------------------------------------------- readings


def build_verification_notice(out_dir: Path) -> Path:
    """Уведомление собственнику об истечении срока поверки приборов учёта (the names
    are ``VERIFICATION_FIELDS`` of ``tsj_desk/documents/reminders.py``)."""
    document = new_document("Уведомление об истечении срока поверки приборов учёта")
    letter_head(document)
    requisites(
        document,
        [["Исх. № {{ out_no }}"], ["от {{ notice_date }}"]],
        [["{{ owner_name }}"], ["{{ owner_address }}"]],
    )
    paragraph(document, "Уведомление об истечении срока поверки приборов учёта",
              align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    justified = dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
    paragraph(document, "Сообщаем, что у индивидуальных приборов учёта в помещении №\u00a0",
              ("{{ premise_no }}", "b"), " по адресу: {{ address }} истекает или истёк срок поверки:",
              **justified)
    tbl = table(document, [1.0, 3.4, 3.4, 3.6, 3.0, 3.1], grid=True)
    head = add_row(tbl, header=True)
    for cell, text in zip(head.cells, ("№", "Прибор учёта", "Заводской номер", "Место установки",
                                       "Поверка действует до", "Срок поверки")):
        cell_paragraph(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=10)
    row = add_row(tbl)
    cell_paragraph(row.cells[0], "{{ for m in meters }}{{ loop.index }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[1], "{{ m.resource }}")
    cell_paragraph(row.cells[2], "{{ m.serial }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[3], "{{ m.place }}")
    cell_paragraph(row.cells[4], "{{ m.due_date }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(row.cells[5], "{{ m.state }}")
    set_grid_widths(tbl)
    paragraph(document, "", after=6)
    paragraph(document, "После истечения межповерочного интервала прибор учёта считается вышедшим "
              "из строя и его показания не принимаются к расчёту платы: плата рассчитывается "
              "исходя из среднемесячного объёма потребления, а по истечении трёх расчётных "
              "периодов — исходя из норматива потребления (пп. 59, 60, 81(12) Правил "
              "предоставления коммунальных услуг, утверждённых постановлением Правительства РФ "
              "от 06.05.2011 № 354).", **justified)
    paragraph(document, "Просим организовать поверку или замену прибора учёта (если срок ещё "
              "не истёк — до его окончания) и передать нам сведения о её результатах (номер "
              "записи о поверке во ФГИС «Аршин» или свидетельство о поверке). О снятии прибора "
              "учёта на поверку просим сообщить заранее, чтобы наш представитель зафиксировал "
              "его показания.",
              **justified)
    signature(document)
    return save(document, out_dir / "verification_notice.docx")


BUILDERS = (build_request_notice, build_request_answer, build_act_damage,
            build_act_maintenance_quality, build_act_utility_quality)

# Kept apart from BUILDERS (whose count a test pins) until that test counts them all.
READINGS_BUILDERS = (build_verification_notice,)


def build_all(out_dir: Path = HERE) -> list[Path]:
    """Write every template of ``BUILDERS`` into ``out_dir``; returns the files."""
    return [build(Path(out_dir)) for build in BUILDERS]


def build_readings(out_dir: Path = HERE) -> list[Path]:
    """Write the templates of the readings (``READINGS_BUILDERS``) into ``out_dir``."""
    return [build(Path(out_dir)) for build in READINGS_BUILDERS]


if __name__ == "__main__":
    for path in build_all() + build_readings():
        print(path.name)
