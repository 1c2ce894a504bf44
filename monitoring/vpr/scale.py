"""The conversion scale (шкала перевода первичного балла в отметку): «0-6:2,7-11:3,12-17:4,18-24:5»."""
import re

from django.core.exceptions import ValidationError

_PART = re.compile(r"^\s*(\d+)\s*[-–—]\s*(\d+)\s*:\s*([1-5])\s*$")


def parse_scale(text: str, *, max_score: int | None = None) -> list[list[int]]:
    """[[low, high, mark], ...], contiguous from 0, marks rising; a Russian ValidationError otherwise."""
    ranges = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        match = _PART.match(part)
        if not match:
            raise ValidationError(f"Шкала перевода: не понят фрагмент «{part.strip()}» (ожидается «0-6:2»).")
        low, high, mark = (int(g) for g in match.groups())
        if low > high:
            raise ValidationError(f"Шкала перевода: в диапазоне «{part.strip()}» начало больше конца.")
        ranges.append([low, high, mark])
    if not ranges:
        raise ValidationError("Шкала перевода пуста: укажите её как «0-6:2,7-11:3,12-17:4,18-24:5».")
    ranges.sort()
    if ranges[0][0] != 0:
        raise ValidationError("Шкала перевода должна начинаться с 0 баллов.")
    for previous, current in zip(ranges, ranges[1:]):
        if current[0] != previous[1] + 1:
            raise ValidationError(f"Шкала перевода: диапазоны {previous[0]}-{previous[1]} и {current[0]}-{current[1]} "
                                  "не идут подряд.")
        if current[2] <= previous[2]:
            raise ValidationError("Шкала перевода: отметки должны расти вместе с баллами.")
    if max_score is not None and ranges[-1][1] != max_score:
        raise ValidationError(f"Шкала перевода заканчивается на {ranges[-1][1]} баллах, а максимальный первичный "
                              f"балл работы — {max_score}.")
    return ranges


def scale_text(ranges: list[list[int]]) -> str:
    return ",".join(f"{low}-{high}:{mark}" for low, high, mark in ranges or ())


def mark_for(ranges: list[list[int]], score: int) -> int | None:
    for low, high, mark in ranges:
        if low <= score <= high:
            return mark
    return None


def mark_lookup(ranges: list[list[int]]) -> list[int | None]:
    """score -> mark as a list, for the import's hot loop."""
    top = ranges[-1][1] if ranges else -1
    return [mark_for(ranges, score) for score in range(top + 1)]
