"""One rule for writing a person's name: «Фамилия И.О.».

Official documents write the same person as «Руглова Н. А.», «Руглова Н.А.»
or «Н.А. Руглова»; all three must land on one official.
"""
import re

_INITIALS = r"[А-ЯЁA-Z]\.\s*(?:[А-ЯЁA-Z]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_SURNAME_FIRST = re.compile(rf"^\s*(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})\s*$")
_INITIALS_FIRST = re.compile(rf"^\s*(?P<initials>{_INITIALS})\s*(?P<surname>{_SURNAME})\s*$")


def normalize_initials(initials: str) -> str:
    return re.sub(r"\s+", "", initials).upper().replace("Ё", "Е") if initials else ""


def split_person_name(text: str) -> tuple[str, str] | None:
    """«Руглова Н. А.» / «Н.А. Руглова» -> ("Руглова", "Н.А."); None when it is not a name."""
    for pattern in (_SURNAME_FIRST, _INITIALS_FIRST):
        match = pattern.match(text or "")
        if match:
            return match["surname"], normalize_initials(match["initials"])
    return None


def person_key(surname: str, initials: str) -> str:
    """The identity used to find an official again whatever spacing the document used."""
    return f"{surname.strip().lower().replace('ё', 'е')} {normalize_initials(initials).lower()}"
