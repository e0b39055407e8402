"""The decision on recalculation in the answer to a complaint about a utility's quality.

Worded once: the window's answer dialog offers these sentences, ``request answer
--recalculation yes|no`` records them, the answer letter prints the one recorded.
"""

from __future__ import annotations

RECALCULATION_YES = "Перерасчёт платы будет произведён в следующем платёжном документе"
RECALCULATION_NO = "Оснований для перерасчёта платы нет: нарушение качества не подтверждено"

# by the answer to «will the payment be recalculated?»
RECALCULATION = {True: RECALCULATION_YES, False: RECALCULATION_NO}
# as a list offers them: the recalculation first
RECALCULATION_CHOICES = [RECALCULATION_YES, RECALCULATION_NO]
