"""Build the shipped template of the notice to a debtor, ``debt_notice.docx``.

Run from the project root: ``uv run python resources/templates/build_debt_notice.py``.
The layout and helpers are those of ``build_templates.py`` (A4, Times New Roman 12);
the field names are ``DEBT_NOTICE_FIELDS`` of ``tsj_desk/documents/debt_notices.py``.
The legal text follows ``reference/legal-ru.md`` §8 in plain words. The output is
byte-for-byte reproducible.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent


def _kit():
    spec = importlib.util.spec_from_file_location("build_templates", HERE / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LAW = (
    ("Срок оплаты. ", "Плата за жилое помещение и коммунальные услуги вносится ежемесячно до "
     "10-го числа месяца, следующего за истекшим, если договором управления или решением "
     "товарищества не установлен другой срок (ч. 1 ст. 155 Жилищного кодекса РФ)."),
    ("Пени. ", "Если плата не внесена в срок, за каждый день просрочки начисляются пени: "
     "с 31-го дня после срока оплаты — 1/300 ключевой ставки Банка России от неоплаченной "
     "суммы, с 91-го дня — 1/130 ставки (ч. 14 ст. 155 Жилищного кодекса РФ)."),
    ("Ограничение и приостановление коммунальной услуги. ", "Если долг больше суммы двух "
     "месячных размеров платы за коммунальную услугу, рассчитанных по нормативу потребления, "
     "предоставление этой услуги может быть сначала ограничено, а затем приостановлено. "
     "Перед этим должника предупреждают письменно (под подпись, заказным письмом или в "
     "платёжном документе); если в течение 20 дней со дня доставки предупреждения долг не "
     "погашен, услугу могут ограничить или приостановить (пп. 117–119 Правил предоставления "
     "коммунальных услуг, утверждённых постановлением Правительства РФ от 06.05.2011 № 354)."),
)


def build_debt_notice(out_dir: Path = HERE) -> Path:
    kit = _kit()
    document = kit.new_document("Уведомление о задолженности")
    kit.letter_head(document)
    kit.requisites(
        document,
        [["Исх. № {{ out_no }}"], ["от {{ notice_date }}"]],
        [["{{ owner_name }}"], ["{{ owner_address }}"]],
    )
    kit.paragraph(document, "Уведомление о задолженности", align=WD_ALIGN_PARAGRAPH.CENTER,
                  bold=True, size=13, after=12)
    justified = dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
    kit.paragraph(document, "Сообщаем, что по лицевому счёту № ", ("{{ account }}", "b"),
                  " ({{ address }}) на ", ("{{ balance_date }}", "b"),
                  " числится задолженность в размере ", ("{{ debt }}", "b"),
                  "{{ months_note }} по оплате жилого помещения и коммунальных услуг.", **justified)
    kit.paragraph(document, "Просим погасить задолженность. Оплатить можно {{ payment }}",
                  **justified)
    kit.paragraph(document, "Если Вы уже оплатили долг, не принимайте это уведомление во "
                  "внимание: платёж мог поступить после {{ balance_date }}. Если Вы не согласны "
                  "с суммой, обратитесь в правление с документами об оплате — мы сверим расчёты.",
                  **justified)
    kit.paragraph(document, "Что следует из закона при неоплате", bold=True, before=6, after=6,
                  keep_next=True)
    for title, text in LAW:
        kit.paragraph(document, (title, "b"), text, **justified)
    kit.paragraph(document, "Это уведомление носит информационный характер и не является "
                  "исковым заявлением.", **justified)
    kit.signature(document)
    return kit.save(document, Path(out_dir) / "debt_notice.docx")


if __name__ == "__main__":
    print(build_debt_notice().name)
