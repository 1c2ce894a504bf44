"""Demo data tied to the seed roadmaps (called at the end of load_demo). Idempotent: an event is found by its
municipality and title and gets participants only while it has none; a school's schedule is written only if the
school has none for the year; an observation only if the same one is not there yet.

Новокузнецк: item 1 — the August meeting (every school), item 4 — courses for school management teams
(МАОУ ДПО ИПК; most schools, three missing), item 3 — consultations; schedules with a couple of breaches at
МБОУ «СОШ № 5» (the demo head's school) and МБОУ «Гимназия № 44»; item 8 — observations, one with findings.
Гурьевск: items 1, 2, 8 with participants; МБОУ «Урская СОШ»'s schedule breaks the rules; item 7 — observations.
"""
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from roadmaps.models import RoadmapItem
from schools.models import Municipality, Organization, Role, School, UserProfile

from monitoring.procedures.choices import EventKind, Form, Level
from monitoring.procedures.models import Observation, Participant, ProfessionalEvent, Schedule
from monitoring.procedures.parsing import parse_class
from monitoring.procedures.services import event_material_add, event_save, observation_record, participants_add, schedule_import
from monitoring.procedures.services.events import NewParticipant

YEAR = 2022
L, F = Level, Form
BASE_ROWS = [
    ("5", "Математика", "14.09.2022", 2, L.SCHOOL, F.DIAGNOSTIC), ("5", "Русский язык", "16.09.2022", 3, L.SCHOOL, F.DIAGNOSTIC),
    ("6", "Математика", "21.09.2022", 2, L.SCHOOL, F.DIAGNOSTIC), ("6А", "Английский язык", "18.10.2022", 4, L.SCHOOL, F.CONTROL),
    ("5А", "Математика", "24.10.2022", 3, L.SCHOOL, F.CONTROL), ("5Б", "Математика", "25.10.2022", 3, L.SCHOOL, F.CONTROL),
    ("5А", "Русский язык", "27.10.2022", 2, L.SCHOOL, F.CONTROL), ("5Б", "Русский язык", "28.10.2022", 2, L.SCHOOL, F.CONTROL),
    ("5А", "История", "15.11.2022", 4, L.SCHOOL, F.VERIFICATION), ("5", "Биология", "22.11.2022", 1, L.SCHOOL, F.VERIFICATION),
    ("6А", "Математика", "07.12.2022", 3, L.SCHOOL, F.CONTROL), ("6Б", "Математика", "08.12.2022", 3, L.SCHOOL, F.CONTROL),
    ("5", "Русский язык", "15.12.2022", 3, L.SCHOOL, F.CONTROL), ("5А", "Математика", "19.12.2022", 2, L.SCHOOL, F.CONTROL),
    ("5Б", "Математика", "20.12.2022", 2, L.SCHOOL, F.CONTROL), ("7", "Математика", "14.02.2023", 3, L.REGIONAL, F.DIAGNOSTIC),
    ("7", "Физика", "11.04.2023", 3, L.FEDERAL, F.VERIFICATION), ("5", "Русский язык", "13.04.2023", 2, L.FEDERAL, F.VERIFICATION),
    ("5", "Математика", "18.04.2023", 2, L.FEDERAL, F.VERIFICATION), ("6", "Математика", "19.04.2023", 2, L.FEDERAL, F.VERIFICATION),
    ("5", "История", "20.04.2023", 3, L.FEDERAL, F.VERIFICATION), ("5", "Биология", "25.04.2023", 3, L.FEDERAL, F.VERIFICATION),
]
# What makes a schedule break the recommendations: 10 days after a maths work; a second work on a day; history
# (2 h a week) on the first lesson; a fourth biology work at 34 h a year.
BREACH_ROWS = {
    "frequency": [("5А", "Математика", "03.11.2022", 5, L.SCHOOL, F.CONTROL)],
    "day_and_edge": [("6Б", "История", "08.12.2022", 1, L.SCHOOL, F.CONTROL)],
    "share": [("5", "Биология", "20.02.2023", 3, L.SCHOOL, F.CONTROL), ("5", "Биология", "16.03.2023", 2, L.SCHOOL, F.CONTROL)],
}
HOURS = [(5, "Математика", 170), (5, "Русский язык", 170), (5, "История", 68), (5, "Биология", 34),
         (6, "Математика", 170), (6, "Английский язык", 102), (6, "История", 68), (7, "Математика", 170),
         (7, "Физика", 68)]
SCHEDULES = {
    "Новокузнецк": {"МБОУ «СОШ № 5»": ("frequency", "day_and_edge"), "МБОУ «Гимназия № 44»": ("share",),
                    "МБОУ «СОШ № 8»": (), "МБОУ «СОШ № 12»": (), "МБОУ «Лицей № 76»": ()},
    "Гурьевский МО": {"МБОУ «Урская СОШ»": ("frequency", "day_and_edge"), "МБОУ «СОШ № 1»": (),
                      "МБОУ «СОШ № 2»": ()},
}
POSITIONS = ("директор", "заместитель директора по УВР", "методист")
TEAMS = ("Кузнецова Е. А.", "Сорокина Т. В.", "Миронов А. С.", "Лебедева О. Н.", "Захарова И. П.", "Фролов Д. В.",
         "Белоусова Н. Г.", "Киселёва М. А.", "Орлова С. Ю.")
EVENTS = (
    # municipality, kind, title, start, end, organiser, items, schools missing (short names), people per school, url
    ("Новокузнецк", EventKind.MEETING, "Основные подходы к формированию объективной ВСОКО в общеобразовательных "
     "организациях", date(2022, 8, 25), None, "КОиН", ["1"], (), 1, ""),
    ("Новокузнецк", EventKind.COURSE, "Формирование внутренней системы оценки качества образования в "
     "общеобразовательной организации (36 ч) — для школьных управленческих команд", date(2022, 10, 10),
     date(2022, 10, 21), "МАОУ ДПО ИПК", ["4"], ("МБОУ «ООШ № 33»", "МБОУ «Лицей № 76»", "МБОУ «ООШ № 18»"), 3,
     "https://ipk-nk.example.ru/kursy/vsoko-2022"),
    ("Новокузнецк", EventKind.CONSULTATION, "Положение о ВСОКО и положение о текущем контроле: консультации для ОО",
     date(2022, 9, 5), date(2022, 12, 23), "МАОУ ДПО ИПК", ["3"], "half", 1, ""),
    ("Гурьевский МО", EventKind.SEMINAR, "Введение обновлённых ФГОС НОО и ООО в 1-х и 5-х классах (на базе МБОУ "
     "«Урская СОШ»)", date(2022, 4, 20), None, "Управление образования", ["1"], ("МБОУ «Кедровская ООШ»",), 2, ""),
    ("Гурьевский МО", EventKind.MEETING, "Августовское педагогическое совещание: обновление ВСОКО", date(2022, 8, 26),
     None, "Управление образования", ["2"], (), 2, ""),
    ("Гурьевский МО", EventKind.COURSE, "Обучение школьных команд по вопросам формирования ВСОКО (72 ч)",
     date(2022, 11, 7), date(2022, 11, 25), "", ["8"], ("МБОУ «ООШ № 7»", "МБОУ «Лесная СОШ»",
                                                       "МБОУ «Берёзовская ООШ»"), 2, ""),
)
OBSERVATIONS = (
    ("Новокузнецк", "8", "МБОУ «СОШ № 5»", date(2022, 10, 24), "Белова Г. М., Круль С. В.",
     "Работа проведена без наблюдателя от другой ОО; задания выданы за 10 минут до начала урока."),
    ("Новокузнецк", "8", "МБОУ «СОШ № 12»", date(2022, 12, 7), "Белова Г. М.", ""),
    ("Гурьевский МО", "7", "МБОУ «Урская СОШ»", date(2023, 4, 18), "Павловец О. М.",
     "Проверка работ начата до окончания процедуры во всех классах параллели."),
)


def _officer(municipality):
    profile = (UserProfile.objects.filter(role=Role.MUNICIPAL, municipality=municipality).select_related("user")
               .order_by("pk").first())
    return profile.user if profile else None


def _rows(spec):
    rows = []
    for index, (klass, subject, day, lesson, level, form) in enumerate(spec, start=2):
        parallel, letter = parse_class(klass)
        d, m, y = day.split(".")
        rows.append({"source_row": index, "parallel": parallel, "letter": letter, "subject": subject,
                     "date": f"{y}-{m}-{d}", "lesson": lesson, "level": level, "form": form, "error": ""})
    return rows


def _schedules(municipality, officer) -> int:
    written = 0
    for short_name, extras in SCHEDULES.get(municipality.short_name, {}).items():
        school = School.objects.filter(municipality=municipality, short_name=short_name).first()
        if school is None or Schedule.objects.filter(school=school, academic_year=YEAR).exists():
            continue
        spec = list(BASE_ROWS) + [row for extra in extras for row in BREACH_ROWS[extra]]
        spec.sort(key=lambda r: (r[2][6:], r[2][3:5], r[2][:2]))
        schedule_import(school=school, academic_year=YEAR, rows=_rows(spec), user=officer,
                        hours=[{"parallel": p, "subject": s, "hours": h} for p, s, h in HOURS],
                        source_name=f"График оценочных процедур {school.short_name} 2022-2023.xlsx")
        written += 1
    return written


def _events(municipality, officer) -> int:
    from portal.demo.acts import make_pdf

    added = 0
    schools = list(School.objects.filter(municipality=municipality, is_active=True).order_by("short_name", "pk"))
    for name, kind, title, start, end, organiser, numbers, missing, per_school, url in EVENTS:
        if name != municipality.short_name:
            continue
        event = ProfessionalEvent.objects.filter(municipality=municipality, title=title).first()
        if event is None:
            items = RoadmapItem.objects.filter(roadmap__municipality=municipality, number__in=numbers)
            org = Organization.objects.filter(short_name=organiser).first() if organiser else None
            event = event_save(user=officer, municipality=municipality, kind=kind, title=title, date_start=start,
                               date_end=end, organizer=org, items=list(items))
            if url:
                event_material_add(event=event, user=officer, title="Программа курсов и материалы", url=url)
        if event.participants.exists():
            continue
        chosen = schools[::2] if missing == "half" else [s for s in schools if s.short_name not in missing]
        people = []
        for s_index, school in enumerate(chosen):
            for k in range(per_school):
                person = TEAMS[(s_index * per_school + k) % len(TEAMS)]
                certificate = None
                if kind == EventKind.COURSE and s_index < 2:
                    certificate = SimpleUploadedFile("Удостоверение.pdf", make_pdf(f"Certificate {s_index}-{k}"),
                                                     content_type="application/pdf")
                people.append(NewParticipant(
                    school=school, person=person, position=POSITIONS[k % len(POSITIONS)],
                    certificate_number=f"5424{start:%m%d}{s_index:03d}{k}" if kind == EventKind.COURSE else "",
                    certificate=certificate))
        added += participants_add(event=event, user=officer, people=people, source="демонстрационные данные")
    return added


def _observations(municipality, officer) -> int:
    written = 0
    for name, number, short_name, day, observers, findings in OBSERVATIONS:
        if name != municipality.short_name:
            continue
        school = School.objects.filter(municipality=municipality, short_name=short_name).first()
        item = RoadmapItem.objects.filter(roadmap__municipality=municipality, number=number).first()
        if school is None or item is None:
            continue
        procedure = (Schedule.objects.filter(school=school, academic_year=YEAR).first())
        procedure = procedure.procedures.filter(date=day).order_by("pk").first() if procedure else None
        text = "" if procedure else "Оценочная процедура по графику ОО"
        if Observation.objects.filter(school=school, date=day, item=item).exists():
            continue
        observation_record(user=officer, school=school, day=day, observers=observers, findings=findings, item=item,
                           procedure=procedure, procedure_text=text)
        written += 1
    return written


def load_procedures_demo() -> dict:
    summary = {"schedules": 0, "participants": 0, "observations": 0}
    for municipality in Municipality.objects.filter(short_name__in=SCHEDULES).order_by("pk"):
        officer = _officer(municipality)
        if officer is None:
            continue
        summary["schedules"] += _schedules(municipality, officer)
        summary["participants"] += _events(municipality, officer)
        summary["observations"] += _observations(municipality, officer)
    summary["events"] = ProfessionalEvent.objects.count()
    summary["participants_total"] = Participant.objects.count()
    return summary
