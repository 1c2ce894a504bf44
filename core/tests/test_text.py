"""core.text.truncate_chars gives what Truncator(text).chars (the truncatechars filter) gives, for every kind of
text: short, exact length, Cyrillic, combining marks (counted as nothing by Truncator), astral characters, markup."""
import pytest
from django.utils.text import Truncator

from core.text import truncate_chars

CASES = {
    "short": ("коротко", 20),
    "exact length": ("а" * 20, 20),
    "one over": ("а" * 21, 20),
    "long Cyrillic": ("Мероприятие № 1: разработка, утверждение и размещение на сайте " * 4, 90),
    "combining marks in the kept part": ("е\u0301" * 30 + "конец", 20),
    "combining marks after the cut": ("а" * 30 + "е\u0301" * 5, 20),
    "decomposed ё normalised": ("е\u0308" * 25, 20),
    "emoji": ("😀" * 30, 20),
    "markup is text": ("<b>Приказ</b> &amp; " * 10, 30),
    "length 1": ("абв", 1),
    "empty": ("", 5),
}


@pytest.mark.parametrize(("text", "length"), CASES.values(), ids=CASES.keys())
def test_truncate_chars_is_truncators_chars(text, length):
    assert truncate_chars(text, length) == Truncator(text).chars(length)
