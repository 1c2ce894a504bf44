"""Reading the «Срок» column of a roadmap: a signed phrase in, a period out.

The phrase is what the official signed, so it is kept verbatim; the dates are only our reading of it and may be
missing (then an officer sets them by hand). Pure stdlib: importers, forms and scripts share it without Django.

A phrase is normalized, then rules are tried in order; the first whose regex matches the whole phrase wins.
Compound rules («до …», «с … по …», «… - …») read their parts with the smaller span rules.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, NamedTuple

from core.academic_year import academic_year_bounds, calendar_year_of_month

__all__ = ["Deadline", "RECURRENCES", "parse_deadline", "find_deadline_in_text", "deadline_warnings"]

# Recurrence marks, and how the portal names them.
RECURRENCES = {
    "weekly": "еженедельно", "monthly": "ежемесячно", "quarterly": "ежеквартально", "yearly": "ежегодно",
    "schedule": "по графику", "continuous": "постоянно", "as_needed": "по мере необходимости",
}

UNKNOWN_NOTE = "Не удалось распознать срок: укажите даты вручную"
_MAX_PHRASE = 200  # a longer «срок» is prose, not a deadline; also keeps regex work bounded


@dataclass(frozen=True)
class Deadline:
    text: str  # the signed phrase, only outer whitespace stripped
    start: date | None  # None: any time before `end` («до …»), or not read
    end: date | None  # None: open-ended (recurring, «с …») or not read; an item is overdue only after it
    recognized: bool  # False: an officer sets the dates by hand
    kind: str  # date, range, month, months, quarter, half_year, year, academic_year, before, from, recurring, unknown
    note: str = ""  # Russian, for the officer: where a missing year came from, or why the phrase was not read
    recurrence: str = ""  # RECURRENCES key for a repeated or open-ended duty («ежемесячно»), else ""


class _Unreadable(Exception):
    """The phrase cannot be read; the message is the note shown to the officer."""


class _Span(NamedTuple):
    start: date
    end: date
    kind: str
    explicit_year: bool
    note: str = ""


_Result = tuple[date | None, date | None, str, str]  # start, end, kind, note


@dataclass(frozen=True)
class _Context:
    academic_year: int | None
    reference_date: date | None
    period: tuple[date, date] | None = None  # the plan's whole period, for recurring and open phrases

    def whole_period(self) -> tuple[date | None, date | None]:
        if self.period is not None:
            return self.period
        if self.academic_year is not None:
            return academic_year_bounds(int(self.academic_year))
        return None, None

    def year(self, month: int | None) -> tuple[int, str]:
        """A year for a phrase naming none: the roadmap's academic year decides, else the document's date."""
        if self.academic_year is not None:
            year = int(self.academic_year)
            return (year if month is None else calendar_year_of_month(year, month)), "Год не указан: взят из учебного года"
        if self.reference_date is not None:
            return self.reference_date.year, "Год не указан: взят из даты документа"
        if self.period is not None and month is not None:  # the month's first occurrence in the plan's period
            start = self.period[0]
            return start.year + (month < start.month), "Год не указан: взят из периода плана"
        raise _Unreadable("Год не указан, а учебный год неизвестен: укажите даты вручную")


# Nominative, genitive, prepositional, dative: «октябрь», «октября», «в октябре», «к октябрю».
MONTH = r"(?:январ|феврал|март|апрел|ма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[ьяюеау]?(?![а-я])"
_MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")  # «мар» before «ма»
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
ACADEMIC = r"(?:учебн\w*|уч\.?) ?(?:год\w*|г\.?)"
# Phrase (a regex on the normalized text, matched at its start) -> recurrence and the officer's note.
_RECURRING = [
    (r"постоянно", "continuous", "Постоянно: весь период плана"),
    (r"ежегодно", "yearly", "Ежегодно: повторяется каждый год периода плана"),
    (r"ежеквартально", "quarterly", "Ежеквартально: повторяется каждый квартал периода плана"),
    (r"ежемесячно|(?:до|не позднее) \d{1,2}(?:-?го)? числа (?:каждого|ежемесячно|месяца)|(?:1 )?раз в месяц",
     "monthly", "Ежемесячно: повторяется каждый месяц периода плана"),
    (r"еженедельно|(?:1 )?раз в неделю", "weekly", "Еженедельно: повторяется каждую неделю периода плана"),
    (r"(?:1 )?раз в (?:квартал|четверть)|ежечетвертно", "quarterly",
     "Ежеквартально: повторяется каждый квартал периода плана"),
    (r"(?:1 )?раз в год", "yearly", "Ежегодно: повторяется каждый год периода плана"),
    (r"(?:по|согласно|в соответствии с) (?:[а-я]+ )?(?:график|план)[а-я]*", "schedule",
     "По графику: даты задаёт график, в пределах периода плана"),
    (r"по мере необходимости", "as_needed", "По мере необходимости: в пределах периода плана"),
    (r"систематически", "continuous", "Систематически: весь период плана"),
    (r"в течение (?:всего )?(?:периода|срока)(?: реализации)?(?: плана| программы| дорожной карты)?",
     "continuous", "В течение всего периода: весь период плана"),
]
_RECURRING_RE = re.compile("|".join(f"(?P<r{i}>{pattern})" for i, (pattern, _, _) in enumerate(_RECURRING)))


def _normalize(text: str) -> str:
    s = text.lower().replace("ё", "е").replace("\u00a0", " ")
    s = re.sub(r"[‐‑‒–—―−]", "-", s)
    # «г.», «г», «года», «гг.», «г.г.» after a year say nothing more than the year itself.
    s = re.sub(r"(\d{4})\s*(?:г\.?\s*г\.?|гг\.?|года|году|год|г\.?)(?![а-я])", r"\1", s)
    s = re.sub(r"(\d)-?(?:ый|ой|ий|й|го)(?![а-я])", r"\1", s)  # «1-й квартал», «1-го сентября»
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"[*¹²³]+", "", s)  # footnote marks: «25 августа 2019 года*»
    s = re.sub(r"\s*\(?включительно\)?\s*$", "", s.strip(" .,;:"))  # «до 25 мая включительно» is a deadline
    return re.sub(r"\s+", " ", s).strip(" .,;:()«»\"")


def _month_number(word: str) -> int:
    return next(i for i, stem in enumerate(_MONTH_STEMS, 1) if word.startswith(stem))


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(digits: str | None, ctx: _Context, month: int | None) -> tuple[int, bool, str]:
    if not digits:
        year, note = ctx.year(month)
        return year, False, note
    year = int(digits)
    return (2000 + year if year < 100 else year), True, ""


# --- spans: one date, month, quarter or year -------------------------------------------------------------------

def _day(m: re.Match[str], ctx: _Context) -> _Span:
    month = int(m[2]) if m[2].isdigit() else _month_number(m[2])
    year, explicit, note = _year(m[3], ctx, month)
    day = date(year, month, int(m[1]))
    return _Span(day, day, "date", explicit, note)


def _month(m: re.Match[str], ctx: _Context) -> _Span:
    month = _month_number(m[1])
    year, explicit, note = _year(m[2], ctx, month)
    return _Span(date(year, month, 1), _last_day(year, month), "month", explicit, note)


def _quarter(m: re.Match[str], ctx: _Context) -> _Span:
    first = 3 * _QUARTERS[m[1]] - 2
    year, explicit, note = _year(m[2], ctx, first)
    return _Span(date(year, first, 1), _last_day(year, first + 2), "quarter", explicit, note)


def _half_year(m: re.Match[str], ctx: _Context) -> _Span:
    first_half = m[1] in ("1", "i", "перв")
    if not m[2] and ctx.academic_year is not None:  # a school roadmap's halves: September–December, January–May
        year = int(ctx.academic_year)
        start, end = (date(year, 9, 1), date(year, 12, 31)) if first_half else (date(year + 1, 1, 1), date(year + 1, 5, 31))
        return _Span(start, end, "half_year", False, "Полугодие учебного года")
    first = 1 if first_half else 7
    year, explicit, note = _year(m[2], ctx, first)
    return _Span(date(year, first, 1), _last_day(year, first + 5), "half_year", explicit, note)


def _whole_year(m: re.Match[str], ctx: _Context) -> _Span:
    year = int(m[1])
    return _Span(date(year, 1, 1), date(year, 12, 31), "year", True)


_SPAN_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Context], _Span]]] = [
    (re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?"), _day),
    (re.compile(rf"(\d{{1,2}}) ({MONTH})(?: (\d{{4}}))?"), _day),
    (re.compile(rf"({MONTH})(?: (\d{{4}}))?"), _month),
    (re.compile(r"(iv|i{1,3}|[1-4]) ?(?:квартал\w*|кв\.?)(?: (\d{4}))?"), _quarter),
    (re.compile(r"(ii|i|1|2|перв|втор)(?:ое|ом)? ?полугоди\w*(?: (\d{4}))?"), _half_year),
    (re.compile(r"(\d{4})"), _whole_year),
]


def _read(rules: list, text: str, ctx: _Context):
    """What the first rule whose pattern matches the whole text reads from it; _Unreadable when none does."""
    for pattern, read in rules:
        if m := pattern.fullmatch(text):
            return read(m, ctx)
    raise _Unreadable(UNKNOWN_NOTE)


def _span(expr: str, ctx: _Context) -> _Span:
    return _read(_SPAN_RULES, expr.strip(), ctx)


def _pair(first: str, last: str, ctx: _Context) -> _Result:
    """«24-30 августа 2022», «февраль-март 2022»: the first part borrows what only the last one says."""
    borrowed = False
    tail = re.fullmatch(r"\d{1,2}([ ./].+)", last)
    if re.fullmatch(r"\d{1,2}", first) and tail:
        first += tail[1]
    elif (year := re.search(r"\d{4}$", last)) and not re.search(r"\d{4}", first):
        separator = "." if re.fullmatch(r"\d{1,2}[./]\d{1,2}", first) else " "
        first, borrowed = f"{first}{separator}{year[0]}", True
    a, b = _span(first, ctx), _span(last, ctx)
    start = a.start
    if start > b.end and (borrowed or not a.explicit_year):  # «декабрь-январь 2023» crosses New Year
        start = start.replace(year=start.year - 1)
    if start > b.end:
        raise _Unreadable("Начало срока позже окончания: укажите даты вручную")
    same = {"month": "months", "year": "year", "quarter": "quarter"}
    kind = same.get(a.kind, "range") if a.kind == b.kind else "range"
    return start, b.end, kind, a.note or b.note


# --- whole phrases -----------------------------------------------------------------------------------------------

def _recurrence_of(phrase: str) -> tuple[str, str] | None:
    """(recurrence, note) when ``phrase`` opens with a recurring or open-ended expression."""
    m = _RECURRING_RE.match(phrase)
    if m is None:
        return None
    index = int(m.lastgroup[1:])
    return _RECURRING[index][1], _RECURRING[index][2]


def _academic(m: re.Match[str], ctx: _Context) -> _Result:
    if m[1]:
        first, note = int(m[1]), ""
        if m[2] and int(m[2]) % 100 != (first + 1) % 100:
            raise _Unreadable("Годы учебного года идут не подряд: укажите даты вручную")
    elif ctx.academic_year is not None:
        first, note = int(ctx.academic_year), "Учебный год взят из периода дорожной карты"
    else:
        raise _Unreadable("Учебный год неизвестен: укажите даты вручную")
    return *academic_year_bounds(first), "academic_year", note


def _calendar_year(m: re.Match[str], ctx: _Context) -> _Result:
    year, note = ctx.year(None)
    return date(year, 1, 1), date(year, 12, 31), "year", note


def _before(m: re.Match[str], ctx: _Context) -> _Result:
    span = _span(m[2], ctx)
    if m[1] in ("до", "к"):  # «до 1 сентября» includes the day; «до сентября», «к маю» end before the month
        end = span.start if span.kind == "date" else span.start - timedelta(days=1)
    else:  # «не позднее октября», «по 30 сентября включительно»: by the end of what is named
        end = span.end
    return None, end, "before", span.note


def _from(m: re.Match[str], ctx: _Context) -> _Result:
    span = _span(m[1], ctx)
    return span.start, None, "from", span.note


def _from_to(m: re.Match[str], ctx: _Context) -> _Result:
    start, end, _, note = _pair(m[1], m[2], ctx)
    return start, end, "range", note


def _range(m: re.Match[str], ctx: _Context) -> _Result:
    return _pair(m[1], m[2], ctx)


def _single(m: re.Match[str], ctx: _Context) -> _Result:
    span = _span(m[1], ctx)
    return span.start, span.end, span.kind, span.note


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Context], _Result]]] = [
    (re.compile(rf"(?:в течение |в )?(?:(\d{{4}})[-/](\d{{4}}|\d{{2}}) )?{ACADEMIC}"), _academic),
    (re.compile(r"(?:в течение|на протяжении) (?:календарного )?года"), _calendar_year),
    (re.compile(r"(?:в срок )?(до|не позднее|к|по) (.+)"), _before),
    (re.compile(r"(?:в срок )?(?:начиная )?с (.+?) (?:по|до) (.+)"), _from_to),
    (re.compile(r"(?:в срок )?(?:начиная )?с (.+)"), _from),
    (re.compile(r"(?:в течение |в )?([^-]+)-([^-]+)"), _range),
    (re.compile(r"(?:в течение |в |на )?(.+)"), _single),
]


def _recurring(phrase: str, ctx: _Context) -> tuple[date | None, date | None, str, str] | None:
    """A recurring or open phrase: the plan's whole period (or the years it names) and the recurrence mark."""
    found = _recurrence_of(phrase)
    if found is not None:
        rest = phrase[_RECURRING_RE.match(phrase).end():].strip(" ,;:()")
        years = re.fullmatch(r"(?:(?:в|на|в течение) )?(\d{4})(?:[-/](\d{4}|\d{2}))?", rest)
        if years:  # «ежегодно, 2021-2025»: the years it names
            return (*_years_span(years[1], years[2]), found[0], found[1])
        start, end = ctx.whole_period()
        return start, end, found[0], found[1]
    # «2021-2025, ежегодно», «2023 (ежемесячно)»: a year range with a recurrence after it.
    m = re.fullmatch(r"(?:в |на )?(\d{4})(?:[-/](\d{4}|\d{2}))?[ ,;(]+(?:далее )?(.+)", phrase)
    if m and (after := _recurrence_of(m[3].strip(" ()"))):
        return (*_years_span(m[1], m[2]), after[0], after[1])
    return None


def _years_span(first: str, last: str | None) -> tuple[date, date]:
    end_year = int(last) if last else int(first)
    if end_year < 100:
        end_year += 2000
    return date(int(first), 1, 1), date(end_year, 12, 31)


def _unknown(text: str, note: str) -> Deadline:
    return Deadline(text, None, None, False, "unknown", note)


def parse_deadline(text: str, *, academic_year: int | None = None, reference_date: date | None = None,
                   period: tuple[date, date] | None = None) -> Deadline:
    """Read a «Срок» phrase. Never raises: what cannot be read comes back recognized=False with a note.

    ``period`` is the plan's whole period: what a recurring or open phrase («ежемесячно», «в течение всего
    периода») spans. Without it the roadmap's academic year is taken.
    """
    verbatim = ""
    try:
        verbatim = "" if text is None else str(text).strip()
        phrase = _normalize(verbatim)
        if not phrase:
            raise _Unreadable("Срок не указан: укажите даты вручную")
        if len(phrase) > _MAX_PHRASE:
            raise _Unreadable(UNKNOWN_NOTE)
        if re.search(r"(?<![а-яa-z])[xх](?![а-яa-z])", phrase):
            raise _Unreadable("Срок задан от неизвестного года (X): укажите даты вручную")
        ctx = _Context(academic_year, reference_date, period)
        if found := _recurring(phrase, ctx):
            start, end, recurrence, note = found
            return Deadline(verbatim, start, end, True, "recurring", note, recurrence)
        start, end, kind, note = _read(_RULES, phrase, ctx)
        return Deadline(verbatim, start, end, True, kind, note)
    except _Unreadable as reason:
        return _unknown(verbatim, str(reason))
    except Exception:  # an impossible date («31.02.2023») or anything unforeseen: the officer decides
        return _unknown(verbatim, UNKNOWN_NOTE)


_YEAR_SUFFIX = r"(?:\s*(?:г\.?\s*г\.?|гг\.?|года|г\.?)(?![а-яё]))?"
# Only «до/не позднее» followed by a date counts: «довести до сведения» and «в 2022-2023 учебном году» do not.
_HIDDEN = re.compile(
    r"(?<![а-яё])(?:в\s+срок\s+)?(?:до|не\s+позднее)\s+"
    rf"(?:\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})(?!\d){_YEAR_SUFFIX}"
    rf"|(?:\d{{1,2}}\s+)?{MONTH}(?:\s+\d{{4}}(?!\d){_YEAR_SUFFIX})?)",
    re.IGNORECASE,
)


def find_deadline_in_text(text: str, *, academic_year: int | None = None,
                          reference_date: date | None = None) -> Deadline | None:
    """A deadline hidden in an activity or clause («… (в срок до 10 августа 2015 года)»), or None."""
    if not isinstance(text, str):
        return None
    m = _HIDDEN.search(text)
    if m is None:
        return None
    return parse_deadline(m[0], academic_year=academic_year, reference_date=reference_date)


def deadline_warnings(deadline: Deadline, *, order_date: date | None) -> list[str]:
    """What an officer should look at: an unread phrase, or a period over before the order was signed."""
    if not deadline.recognized:
        return [f"Срок «{deadline.text}» не распознан: укажите даты вручную"]
    moment = deadline.end or deadline.start
    if order_date is not None and moment is not None and moment < order_date:
        return [f"Срок «{deadline.text}» раньше даты приказа ({order_date:%d.%m.%Y})"]
    return []
