import pytest

from schools.models import Official
from schools.names import person_key, split_person_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Руглова Н. А.", ("Руглова", "Н.А.")),
        ("Руглова Н.А.", ("Руглова", "Н.А.")),
        ("Павловец О.М.", ("Павловец", "О.М.")),
        ("Павловец О. М.", ("Павловец", "О.М.")),
        ("Г.М. Белова", ("Белова", "Г.М.")),
        ("Н.Е. Байрачный", ("Байрачный", "Н.Е.")),
        ("Круль С.В.", ("Круль", "С.В.")),
        ("  Пьянова И. А. ", ("Пьянова", "И.А.")),
        ("Иванова-Петрова А.", ("Иванова-Петрова", "А.")),
        ("руководители ОО", None),
        ("КОиН", None),
        ("МАОУ ДПО ИПК", None),
        ("", None),
    ],
)
def test_split_person_name(text, expected):
    assert split_person_name(text) == expected


def test_spacing_variants_share_one_key():
    assert person_key("Руглова", "Н. А.") == person_key("Руглова", "Н.А.") == person_key("РУГЛОВА", "н.а.")


@pytest.mark.django_db
def test_official_initials_normalised_on_save():
    official = Official.objects.create(surname="Плюснина", initials="И. П.")
    assert official.initials == "И.П." and official.short_name == "Плюснина И.П."
    assert official.name_key == person_key("Плюснина", "И.П.")
