"""Cell values of a school's schedule of assessment procedures, read the many ways schools write them.

Every function here is pure and never raises: it returns None (or a default) for what it cannot read,
and the importer turns that into a row's message in Russian.
"""
import re
from datetime import date, datetime

from .choices import Form, Level

_CLASS = re.compile(r"^\s*(?P<parallel>1[01]|[1-9])\s*[-–«\"' ]?\s*(?P<letter>[А-ЯЁA-Z])?\s*[»\"']?\s*$", re.I)
_PARALLEL_WORDS = re.compile(r"^\s*(?P<parallel>1[01]|[1-9])\s*-?\s*(е|х|ые|ых)?\s*(класс\w*|параллель)?\s*$", re.I)
_DATE = re.compile(r"^\s*(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{2}|\d{4})\s*(г\.?)?\s*$")
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


def parse_class(value) -> tuple[int, str] | None:
    """«5А», «5 а», «5-А», «5», «5 классы», «10Б», 5 -> (parallel, letter); letter '' = the whole parallel."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (int(value), "") if float(value).is_integer() and 1 <= int(value) <= 11 else None
    text = str(value).strip()
    match = _CLASS.match(text)
    if match:
        letter = (match["letter"] or "").upper().translate(_LATIN_TO_CYRILLIC).replace("Ё", "Е")
        return int(match["parallel"]), letter
    match = _PARALLEL_WORDS.match(text)
    if match:
        return int(match["parallel"]), ""
    return None


def class_label(parallel: int, letter: str) -> str:
    return f"{parallel}{letter}" if letter else f"{parallel}-е классы"


def parse_date(value, *, academic_year: int | None = None) -> date | None:
    """Excel dates, «05.10.2022», «5.10.22», «2022-10-05»."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    match = _DATE.match(text)
    try:
        if match:
            year = int(match["y"])
            year = year + 2000 if year < 100 else year
            return date(year, int(match["m"]), int(match["d"]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_lesson(value) -> int | None:
    """3, «3», «3 урок», «3-й урок» -> 3; None when empty or not a lesson number 1..10."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
    else:
        match = re.match(r"^\s*(\d{1,2})\s*(-?\s*й)?\s*(урок)?\s*$", str(value), re.I)
        number = int(match[1]) if match else None
    return number if number is not None and 1 <= number <= 10 else None


def _key(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower().replace("ё", "е")


_LEVELS = (
    (Level.FEDERAL, ("федерал", "впр", "всерос", "нипкро", "фиоко", "огэ", "егэ", "иссл")),
    (Level.REGIONAL, ("регион", "рдр", "мониторинг кузбасс")),
    (Level.SCHOOL, ("школ", "оо", "внутришкол", "уровень оо", "текущ", "промежут")),
)
_FORMS = (
    (Form.DIAGNOSTIC, ("диагност", "дкр", "входн", "стартов")),
    (Form.VERIFICATION, ("провер", "впр", "тест", "срез")),
    (Form.CONTROL, ("контрол", "кр", "к/р", "итогов", "годов", "диктант", "сочинен", "изложен")),
)


def _by_stems(value, table, empty: str) -> str | None:
    """The choice of the first row of `table` one of whose stems starts a word of `value`; `empty` for a blank."""
    text = _key(value)
    if not text:
        return empty
    for choice, stems in table:
        if any(text.startswith(stem) or f" {stem}" in f" {text}" for stem in stems):
            return choice
    return None


def parse_level(value) -> str | None:
    """«федеральная», «ВПР», «региональная», «школьная», «уровень ОО» -> a Level; '' -> school; unknown -> None."""
    return _by_stems(value, _LEVELS, Level.SCHOOL)


def parse_form(value) -> str | None:
    """«контрольная работа», «КР», «проверочная», «ВПР», «диагностическая» -> a Form; '' -> control; unknown -> None."""
    return _by_stems(value, _FORMS, Form.CONTROL)


def subject_key(name) -> str:
    """One spelling per subject, for matching the schedule against the curriculum's hours."""
    return _key(name).strip(" .")


def parse_hours(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(round(value)) if value > 0 else None
    match = re.match(r"^\s*(\d{1,4})([.,]\d+)?\s*(ч\.?|час\w*)?\s*$", str(value or ""))
    return int(match[1]) if match and int(match[1]) > 0 else None
