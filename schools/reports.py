"""The schools list in Excel: the same columns `import_schools` reads, so an edited export goes back in."""
from core.xlsx import GREY, Column, ReportKind, as_of, register_report, user_label, write_xlsx

from .selectors import schools_visible_to

ACTIVE, INACTIVE = "да", "нет"
SCHOOL_COLUMNS = [
    Column("Муниципалитет", 24, "wrap"), Column("Полное наименование", 60, "wrap"),
    Column("Краткое наименование", 30, "wrap"), Column("Руководитель", 26), Column("Сайт", 32),
    Column("Электронная почта", 28), Column("Действует", 10, fills={INACTIVE: GREY}),
]


def school_rows(user, *, municipality_id: int | None = None):
    schools = schools_visible_to(user).order_by("municipality__short_name", "short_name", "pk")
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    for school in schools.iterator(chunk_size=2000):
        yield [school.municipality.short_name, school.full_name, school.short_name, school.head_name,
               school.website, school.email, ACTIVE if school.is_active else INACTIVE]


def schools_report_write(*, user, target, municipality_id: int | None = None) -> int:
    return write_xlsx(
        target, title="Общеобразовательные организации (ОО)",
        subtitle=f"{as_of()} · для: {user_label(user)}", columns=SCHOOL_COLUMNS,
        rows=school_rows(user, municipality_id=municipality_id), sheet_title="Школы",
    )


def _arguments(parser) -> None:
    parser.add_argument("--municipality-id", type=int, help="только школы этого муниципалитета (id)")


register_report(ReportKind(
    name="schools", label="Список школ (для правки и обратной загрузки)",
    write=lambda *, user, target, options: schools_report_write(
        user=user, target=target, municipality_id=options.get("municipality_id")),
    add_arguments=_arguments, filename=lambda options: "schools.xlsx",
))

# Local acts keep their code beside them (schools/acts/); importing registers the `acts` report kind.
import schools.acts.reports  # noqa: E402,F401
