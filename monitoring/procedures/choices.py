from django.db import models


class Level(models.TextChoices):
    FEDERAL = "federal", "федеральная"
    REGIONAL = "regional", "региональная"
    SCHOOL = "school", "школьная"


class Form(models.TextChoices):
    CONTROL = "control", "контрольная работа"
    VERIFICATION = "verification", "проверочная работа"
    DIAGNOSTIC = "diagnostic", "диагностическая работа"


class Rule(models.TextChoices):
    FREQUENCY = "frequency", "чаще одного раза в 2,5 недели"
    SHARE = "share", "больше 10 % учебного времени"
    PER_DAY = "per_day", "больше одной работы в день"
    EDGE_LESSON = "edge_lesson", "первый или последний урок"


class EventKind(models.TextChoices):
    MEETING = "meeting", "совещание"
    SEMINAR = "seminar", "семинар"
    WORKSHOP = "workshop", "семинар-практикум"
    WEBINAR = "webinar", "вебинар"
    CONSULTATION = "consultation", "консультация"
    COURSE = "course", "курсы повышения квалификации"
