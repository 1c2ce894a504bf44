"""«Ответственный исполнитель» cells and order clauses -> responsible entries {"kind", "name", "position"}.

A cell mixes persons («Павловец О.М., начальник отдела ...», «Н.Е. Байрачный», «директор Руглова Н.А.»),
organisations («КОиН, МАОУ ДПО ИПК», whose names may hold commas), «руководители ОО» (every school) and, in a
regional order, the municipal education authorities («органы местного самоуправления, осуществляющие управление в
сфере образования», «МОУО»: every municipality of the region).
Names stay as written: the writer matches «Павловец О.М.» and «Павловец О. М.» to one official.
"""
import re
from dataclasses import dataclass

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS = r"[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.)?"
# Surname first is tried first, so «Павловец О.М. Руглова Н.А.» is two names, not «О.М. Руглова».
NAME_RE = re.compile(rf"(?<![А-ЯЁа-яё.])(?:{_SURNAME}\s+{_INITIALS}|{_INITIALS}\s*{_SURNAME}(?![а-яё]))")

_SCHOOLS = (
    r"(?:вс(?:е|ех|ем)\s+)?(?:ОО|ОУ|школ[а-яё]*|(?:обще)?образовательн[а-яё]+\s+(?:организаци|учреждени)[а-яё]*)"
)
ALL_SCHOOLS_RE = re.compile(
    rf"(?:вс(?:е|ех|ем)\s+)?(?:(?:руководител|директор|администраци)[а-яё]*\s+)?{_SCHOOLS}", re.IGNORECASE
)
_CLAUSE_SCHOOLS_RE = re.compile(
    rf"^(?:(?:Рекомендовать|Поручить|Обязать)\s+)?((?:руководител|директор)[а-яё]*\s+{_SCHOOLS})", re.IGNORECASE
)
# The municipal education authorities, as regional orders name them: «органы местного самоуправления, осуществляющие
# управление в сфере образования», «муниципальные органы управления образованием», «органы управления образованием
# муниципальных образований», «МОУО», with their heads («руководители МОУО») — in any case (a clause's dative).
_MUNICIPAL_BODIES = (
    r"(?:МОУО|ОМСУ|муниципальн[а-яё]+\s+орган[а-яё]*(?:\s+управлени[а-яё]+\s+(?:образовани[а-яё]+|в\s+сфере\s+образования))?"
    r"|орган[а-яё]*\s+(?:местного\s+самоуправления|управлени[а-яё]+\s+образовани[а-яё]+))"
    r"(?:\s+муниципальн[а-яё]+\s+(?:образовани|район|округ)[а-яё]*(?:\s+и\s+(?:городск|муниципальн)[а-яё]+\s+округ[а-яё]*)?)?"
    r"(?:,?\s+осуществляющ[а-яё]+\s+управление\s+в\s+сфере\s+образования)?"
)
ALL_MUNICIPALITIES_RE = re.compile(
    rf"(?:вс(?:е|ех|ем)\s+)?(?:(?:руководител|начальник)[а-яё]*\s+)?{_MUNICIPAL_BODIES}(?:\s*\(МОУО\))?", re.IGNORECASE
)
# A clause that opens with them: «Рекомендовать органам местного самоуправления, осуществляющим управление в сфере
# образования, ...», «Руководителям муниципальных органов управления образованием обеспечить ...».
_CLAUSE_MUNICIPALITIES_RE = re.compile(
    rf"^(?:(?:Рекомендовать|Поручить|Обязать)\s+)?((?:(?:руководител|начальник)[а-яё]*\s+)?{_MUNICIPAL_BODIES})",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(
    r"^(?:Контроль|Ответственность)\s+за\s+(?:исполнени|выполнени)[а-яё]*\s+(?:настоящего\s+|данного\s+)?"
    r"приказа\s+(?:возложить|возлагаю)\s+на",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t\n,;:–—-(."
_SPLIT = ",;\n"
_QUOTES = {"«": "»", "“": "”", "\"": "\""}


def person(name: str, position: str = "") -> dict:
    return {"kind": "person", "name": name, "position": position}


def organization(name: str) -> dict:
    return {"kind": "organization", "name": name, "position": ""}


def all_schools(name: str) -> dict:
    return {"kind": "all_schools", "name": name, "position": ""}


def all_municipalities(name: str) -> dict:
    return {"kind": "all_municipalities", "name": name, "position": ""}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of «…» (nested ones inside the outer); names inside quotes are titles, not persons."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "«":
            if depth == 0:
                start = index
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
    return spans


def find_names(text: str) -> list[re.Match]:
    spans = quoted_spans(text)
    return [m for m in NAME_RE.finditer(text) if not any(a <= m.start() < b for a, b in spans)]


@dataclass
class _Token:
    kind: str  # "name" | "text"
    value: str
    segment: int
    paren: bool = False
    held: bool = False  # a position written before the name that follows it
    new_line: bool = False  # its part of the cell starts on a line of its own


# A lower-case part after a comma continues the organisation before it («Управление образования, культуры и
# спорта ...», «..., осуществляющие управление в сфере образования») unless it opens with a word that names a
# party of its own («Министерство ..., органы местного самоуправления, ...»).
PARTY_HEADS = frozenset((
    "органы", "орган", "руководители", "руководитель", "директора", "директор", "заместители", "заместитель",
    "специалисты", "специалист", "методисты", "методист", "педагоги", "учителя", "эксперты", "координаторы",
    "члены", "председатели", "образовательные", "общеобразовательные", "муниципальные", "государственные",
    "региональные", "региональный", "муниципальный", "федеральный", "управление", "отдел", "отделы", "комитет",
    "министерство", "департамент", "центр", "центры", "школы", "организации", "учреждения", "администрация",
    "проектный", "институт", "родители", "классные", "ответственные",
))
_PARTICIPLE = re.compile(r"[а-яё]+(?:ющ|ящ|ущ|ащ|вш|ем|им)(?:ие|ий|ая|ее|его|ей|их|им|ими|ую)$")
# «методический кабинет», «муниципальные органы»: an adjective in the nominative opens a party of its own.
_NOMINATIVE_ADJECTIVE = re.compile(r"[а-яё]{3,}(?:ый|ий|ая|ое|ые|ие)$")
# A trailing remark is no part of a party's name: «(далее - Министерство)», «(по согласованию)», «(ОИВ)».
_REMARK = re.compile(r"\s*\((?:далее\s*[-–—]?[^()]*|по\s+согласованию|[А-ЯЁA-Z]{2,}(?:\s+[А-ЯЁA-Z]{2,})*)\)\s*$",
                     re.IGNORECASE)


# Words that open a group of people or bodies: after a person they start a party, not that person's position.
GROUP_HEADS = frozenset((
    "органы", "руководители", "директора", "заместители", "специалисты", "методисты", "педагоги", "учителя",
    "эксперты", "координаторы", "члены", "председатели", "муниципальные", "образовательные", "общеобразовательные",
    "государственные", "региональные", "школы", "организации", "учреждения", "родители", "классные",
))


def _is_group(value: str) -> bool:
    return value.split(" ", 1)[0].lower() in GROUP_HEADS


def _continues(value: str, new_line: bool) -> bool:
    first = value.split(" ", 1)[0].lower()
    if _PARTICIPLE.fullmatch(first):
        return True
    if first in PARTY_HEADS or _NOMINATIVE_ADJECTIVE.fullmatch(first):
        return False
    return not new_line


def strip_remark(name: str) -> str:
    while (m := _REMARK.search(name)) and m.start() > 0:
        name = name[:m.start()].rstrip(" ,;")
    return name


def _segments(text: str, new_lines: set[int] | None = None) -> list[str]:
    """Split on commas, semicolons and line breaks outside «quotes» and (parentheses).

    ``new_lines`` receives the numbers of the parts (as returned) that start on a line of their own.
    """
    parts: list[str] = []
    current, closing, depth, after_break = [], [], 0, False

    def close() -> None:
        nonlocal after_break
        part = "".join(current).strip()
        current.clear()
        if part.strip(_EDGE_PUNCT + ")"):
            if after_break and new_lines is not None:
                new_lines.add(len(parts))
            parts.append(part)
            after_break = False

    for char in text:
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _QUOTES and not (char == "\"" and closing and closing[-1] == "\""):
            closing.append(_QUOTES[char])
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in _SPLIT and not closing and not depth:
            close()
            after_break = after_break or char == "\n"
            continue
        current.append(char)
    close()
    return parts


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" \t\n,;:–—-")
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    if text.endswith("(") or text.endswith("."):
        text = text[:-1]
    return text.strip(" \t,;:–—-")


def _tokens(text: str) -> list[_Token]:
    tokens, new_lines = [], set()
    for number, segment in enumerate(_segments(text, new_lines)):
        position = 0
        first = len(tokens)
        for match in find_names(segment):
            before = segment[position:match.start()]
            paren = before.rstrip().endswith("(")
            if _clean(before):
                tokens.append(_Token("text", _clean(before), number))
            tokens.append(_Token("name", match.group().strip(), number, paren))
            position = match.end()
        rest = strip_remark(segment[position:].strip()) if position == 0 else segment[position:]
        if _clean(rest):
            tokens.append(_Token("text", _clean(rest), number))
        if number in new_lines and len(tokens) > first:
            tokens[first].new_line = True
    return tokens


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def is_all_schools(text: str) -> bool:
    return bool(ALL_SCHOOLS_RE.fullmatch(text.strip()))


def is_all_municipalities(text: str) -> bool:
    return bool(ALL_MUNICIPALITIES_RE.fullmatch(re.sub(r"\s+", " ", strip_remark(text.strip()))))


def parse_responsible(text: str) -> list[dict]:
    """One «Ответственный» cell -> entries in the order written."""
    tokens = _tokens(text or "")
    # «директор Руглова Н.А.»: a position written before the name, in the same comma-separated part.
    before = (
        len(tokens) > 1 and tokens[0].kind == "text" and not is_all_schools(tokens[0].value)
        and tokens[1].kind == "name" and not tokens[1].paren and tokens[1].segment == tokens[0].segment
    )
    entries: list[dict] = []
    last_person = last_org = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "name":
            entry = person(token.value)
            previous = tokens[index - 1] if index else None
            if not token.paren and previous is not None and previous.held:
                entry["position"] = previous.value
            entries.append(entry)
            last_person, last_org = (None if before or token.paren else entry), None
            continue
        value = token.value
        if is_all_schools(value):
            entries.append(all_schools(value))
            last_person = last_org = None
        elif before and following and following.kind == "name" and not following.paren \
                and following.segment == token.segment:
            token.held = True
        elif last_person is not None and not last_person["position"] and not _is_group(value):
            last_person["position"] = value
        elif last_person is not None and _starts_lower(value) and not _is_group(value):
            last_person["position"] += ", " + value
        elif last_org is not None and _starts_lower(value) and _continues(value, token.new_line):
            last_org["name"] += ", " + value  # «Управление образования, культуры и спорта»
        else:
            last_org, last_person = organization(value), None
            entries.append(last_org)
    # «органы местного самоуправления, осуществляющие ...» is read as one organisation (the participle continues
    # it): the municipal authorities of the region, whatever their spelling.
    return [all_municipalities(e["name"]) if e["kind"] == "organization" and is_all_municipalities(e["name"]) else e
            for e in entries]


# --- order clauses -------------------------------------------------------------


def to_nominative(phrase: str) -> str:
    """«ведущего специалиста отдела» -> «ведущий специалист отдела»: the leading adjectives and first noun."""
    words = phrase.split(" ")
    for index, word in enumerate(words):
        lower = word.lower()
        if len(lower) > 4 and lower.endswith(("ого", "его")):
            words[index] = word[:-3] + ("ий" if lower.endswith("его") or lower[-4] in "кгхжшщч" else "ый")
            continue
        if lower.endswith("я") and len(lower) > 3 and lower[-2] == "л":
            words[index] = word[:-1] + "ь"
        elif lower.endswith("а") and len(lower) > 3 and lower[-2] not in "аеёиоуыэюяь":
            words[index] = word[:-1]
        break
    return " ".join(words)


def genitive_body_to_nominative(phrase: str) -> str:
    """«Министерства образования Кузбасса» -> «Министерство образования Кузбасса» (first word only)."""
    first, _, rest = phrase.partition(" ")
    lower = first.lower()
    if lower.endswith(("ства", "ения", "ания", "ния")):
        first = first[:-1] + ("о" if lower.endswith("ства") else "е")
    elif lower.endswith("ции"):
        first = first[:-1] + "я"
    elif lower.endswith("а") and lower[-2:-1] not in tuple("аеёиоуыэюяь"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def clause_responsible(text: str) -> list[dict]:
    """Who a clause charges: «руководителям ОО ...», «(Павловец О. М.)», «возложить на Круль С.В.»."""
    entries = []
    schools = _CLAUSE_SCHOOLS_RE.match(text)
    if schools:
        entries.append(all_schools(schools.group(1)))
    elif municipalities := _CLAUSE_MUNICIPALITIES_RE.match(text):
        entries.append(all_municipalities(municipalities.group(1).rstrip(" ,")))
    for match in find_names(text):
        before, after = text[:match.start()], text[match.end():]
        position = ""
        if before.rstrip().endswith("("):
            position = ""
        elif tail := re.match(r"\s*,\s*([^,.;()]+)", after):
            position = to_nominative(tail.group(1).strip())
        elif lead := re.search(r"(?:возложить|возлагаю)\s+на\s+([^,.;()]+?)\s*$", before):
            position = to_nominative(lead.group(1).strip())
        entries.append(person(match.group().strip(), position))
    return entries


def is_control_clause(text: str) -> bool:
    return bool(_CONTROL_RE.match(text.strip()))
