"""When an act was approved, read from its text in the many ways schools write it.

«УТВЕРЖДЕНО приказом от 30.08.2022 № 123», «Утверждено приказом директора № 45 от «31» августа 2022 г.»,
«Принято на педагогическом совете (протокол № 1 от 29.08.2022)», «Введено в действие приказом от 01.09.22 № 7».
An approval (утверждено / введено в действие) wins over an adoption (принято / согласовано).
"""

import re
from datetime import date

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
QUOTES = "«»\"'“”„`"
NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})(?!\d)")
WORDY = re.compile(
    r"(?<!\d)[" + QUOTES + r"]?\s*(\d{1,2})\s*[" + QUOTES + r"]?\s+"
    r"(январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
    r"\s+(\d{4})",
    re.IGNORECASE,
)
APPROVED = re.compile(r"утвер[жд]\w*|введен\w*\s+в\s+действие", re.IGNORECASE)
ADOPTED = re.compile(r"приня\w*|согласован\w*|рассмотрен\w*", re.IGNORECASE)
WINDOW = 220
HEAD = 4000  # approval stamps sit on the first page


def _month(word: str) -> int:
    word = word.lower()
    for stem, number in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _dates(text: str) -> list[tuple[int, date]]:
    found = []
    for match in NUMERIC.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        try:
            found.append((match.start(), date(year, month, day)))
        except ValueError:
            continue
    for match in WORDY.finditer(text):
        try:
            found.append((match.start(), date(int(match.group(3)), _month(match.group(2)), int(match.group(1)))))
        except ValueError:
            continue
    return sorted(found)


def _first_date_after(keyword: re.Pattern, text: str) -> date | None:
    for match in keyword.finditer(text):
        window = text[match.end() : match.end() + WINDOW]
        dates = [d for _, d in _dates(window) if 1990 <= d.year <= 2100]
        if dates:
            return dates[0]
    return None


def approval_date(text: str) -> date | None:
    """The approval date from the first page of an act's text, or None when it says none."""
    head = re.sub(r"\s+", " ", (text or "")[:HEAD])
    return _first_date_after(APPROVED, head) or _first_date_after(ADOPTED, head)
