"""Orders an order cites in its preamble: «на основании приказа Министерства образования Кузбасса от
29.06.2022 № 1621 «Об утверждении ...»», «Положением о ..., утвержденным приказом КОиН от 17.06.2022 № 736».
"""
import re
from datetime import date

from .responsible import genitive_body_to_nominative

DEFINED = re.compile(r"\((?:далее(?:\s+по\s+тексту)?)\s*[-–—]?\s*([^()]{2,40})\)")
_CITATION = re.compile(
    r"(?:(?P<doc>(?:Положени|Порядк|Правил|Регламент|Стандарт|Концепци|Программ)[а-яё]*\s[^,;«»]*?),\s*"
    r"утвержд[её]нн[а-яё]*\s+)?приказ(?:ом|а|у|е)?\s+(?P<issuer>[^«»;]*?)\s+от\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})"
    r"\s*(?:г\.?\s*)?№\s*(?P<number>[\w/\-]+)"
)


def citations_in(preamble: str) -> list[dict]:
    """Orders the preamble relies on, in order of mention: issuer, number, date, title."""
    result = []
    for match in _CITATION.finditer(preamble):
        issuer = re.sub(r"\s+", " ", match.group("issuer")).strip()
        defined = DEFINED.search(issuer)
        issuer = defined.group(1).strip() if defined else genitive_body_to_nominative(issuer)
        day, month, year = match.group("date").split(".")
        try:
            when = date(int(year), int(month), int(day))
        except ValueError:
            continue  # an impossible date in the preamble: the text stays verbatim, the link is not made
        title = _quoted_after(preamble, match.end())
        if not title and match.group("doc"):
            title = _instrumental_to_nominative(re.sub(r"\s+", " ", match.group("doc")).strip())
        result.append({"issuer": issuer, "number": match.group("number").rstrip("."),
                       "date": when.isoformat(), "title": title})
    return result


def _quoted_after(text: str, at: int) -> str:
    """The «title» right after a citation, nested quotes kept."""
    rest = text[at:]
    stripped = rest.lstrip()
    if not stripped.startswith("«"):
        return ""
    depth = 0
    for index, char in enumerate(stripped):
        depth += (char == "«") - (char == "»")
        if depth == 0:
            return stripped[1:index]
    return ""


def _instrumental_to_nominative(phrase: str) -> str:
    """«Положением о ...» -> «Положение о ...» (the first word only)."""
    first, _, rest = phrase.partition(" ")
    lower = first.lower()
    for ending, nominative in (("нием", "ние"), ("ией", "ия"), ("ами", "а"), ("ком", "ок"), ("ом", "")):
        if lower.endswith(ending):
            first = first[: len(first) - len(ending)] + nominative
            break
    return f"{first} {rest}".strip()

