"""Writes one ORDER_JSON document (an order with its roadmap) into the portal, all or nothing.

The readers (text, DOCX, XLSX) and the demo fixtures produce the same document. Names written in it
become Organizations and Officials through ``directory.Directory``, so «Павловец О.М.» in a table cell
and «Павловец О. М.» in a clause are one person.
"""
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.academic_year import academic_year_planned_on
from core.hooks import task_sources_changed
from schools.models import Municipality, Organization, Region
from schools.roles import user_scope

from ..deadlines import RECURRENCES
from ..models import Order, OrderCitation, OrderClause, Roadmap, RoadmapItem
from .directory import Directory, normalize_name
from .scope import municipalities_importable_by, regions_importable_by

RESPONSIBLE_KINDS = ("person", "organization", "all_schools", "all_municipalities")
_YEARS_IN_TITLE = re.compile(r"(20\d\d)\s*[-–—]\s*(20\d\d)")


def order_import(*, data: dict, municipality: Municipality | None = None, region: Region | None = None,
                 user=None) -> Roadmap | None:
    """Write the order (with clauses, citations) and its roadmap; return the roadmap (None for a bare order).

    ``region`` (with no municipality) makes it a regional order: the order, its roadmap and the regional bodies
    it names belong to that region (an administrator or that region's specialist loads it).
    Raises ValidationError with a Russian message on bad data (nothing written), PermissionDenied
    when ``user`` may not write to the municipality / region.
    """
    if not isinstance(data, dict):
        raise ValidationError("Документ должен быть объектом JSON с ключами «order» и «roadmap».")
    order_data, roadmap_data = data.get("order"), data.get("roadmap")
    if order_data and order_data.get("from_appendix") and not order_data.get("issuer") and roadmap_data:
        # The appendix header gave the act's number and date but not who issued it: the roadmap goes in alone.
        order_data = None
    if not order_data and not roadmap_data:
        raise ValidationError("В документе нет ни приказа, ни дорожной карты.")
    with transaction.atomic():
        if region is not None and municipality is not None and municipality.region_id != region.pk:
            raise ValidationError(f"Муниципалитет «{municipality}» не входит в регион «{region}».")
        if region is None or municipality is not None:
            municipality = municipality or _municipality_of(data)
            region = None
        if roadmap_data and municipality is None and region is None:
            raise ValidationError("Не удалось определить муниципалитет дорожной карты: укажите его (или регион "
                                  "для региональной дорожной карты).")
        _check_may_write(user, municipality, region)
        directory = Directory(municipality, region=region)
        order_date = _date(order_data.get("date"), "Дата приказа", required=True) if order_data else None
        academic_year = _academic_year(roadmap_data, order_date) if roadmap_data else _year_of(order_date)
        order = _order_write(order_data, directory, academic_year) if order_data else None
        roadmap = _roadmap_write(roadmap_data, directory, order, academic_year) if roadmap_data else None
        # Every school owes its part of what is addressed to «руководители ОО»: tasks are part of the import.
        if roadmap is not None:
            task_sources_changed.fire(roadmap=roadmap)
        else:
            task_sources_changed.fire(order=order)
        return roadmap


def order_find(*, data: dict, municipality: Municipality | None = None) -> Order | None:
    """The order of this document if the portal has it already (same issuer, number and date)."""
    order_data = data.get("order") or {}
    if not order_data:
        return None
    municipality = municipality or _municipality_of(data)
    issuer = Directory(municipality).organization(order_data.get("issuer") or "")
    number = _clean_number(order_data.get("number"))
    when = _date(order_data.get("date"), "Дата приказа", required=True)
    return Order.objects.filter(issuer=issuer, number=number, date=when).first() if issuer else None


# --- the order ---------------------------------------------------------------


def _order_write(data: dict, directory: Directory, academic_year: int) -> Order:
    number = _clean_number(data.get("number"))
    if not number:
        raise ValidationError("Не указан номер приказа.")
    when = _date(data.get("date"), "Дата приказа", required=True)
    title = _required(data, "title", "Не указан заголовок приказа.")
    issuer = directory.organization(_required(data, "issuer", "Не указан издавший приказ орган."), create=True)
    if Order.objects.filter(issuer=issuer, number=number, date=when).exists():
        raise ValidationError(
            f"Приказ от {when:%d.%m.%Y} № {number} ({issuer.short_name}) уже есть в портале: повторно не загружается."
        )
    controller = data.get("controller") or None
    order = Order.objects.create(
        issuer=issuer, municipality=directory.municipality, region=directory.region, number=number, date=when,
        title=title,
        issuer_header=data.get("issuer_header") or "", place=data.get("place") or "",
        preamble=data.get("preamble") or "", signatory_name=data.get("signatory") or "",
        signatory_position=data.get("signatory_position") or "",
        controller=directory.official(controller) if controller and controller.get("kind") == "person" else None,
        controller_text=data.get("controller_text") or "",
    )
    for position, citation in enumerate(data.get("citations") or [], start=1):
        _citation_write(order, citation, position, directory)
    _link_citations_to(order, directory)
    for position, clause in enumerate(data.get("clauses") or [], start=1):
        _clause_write(order, clause, position, directory, academic_year)
    return order


def _citation_write(order: Order, data: dict, position: int, directory: Directory) -> None:
    where = f"Ссылка на приказ {position}"
    number = _clean_number(data.get("number"))
    when = _date(data.get("date"), where, required=True)
    issuer_name = _required(data, "issuer", f"{where}: не указан издавший орган.")
    if not number:
        raise ValidationError(f"{where}: не указан номер.")
    cited = Order.objects.filter(number=number, date=when)
    issuer = directory.organization(issuer_name)
    cited = cited.filter(issuer=issuer) if issuer else cited.none()
    OrderCitation.objects.create(
        order=order, position=position, issuer_name=issuer_name, number=number, date=when,
        title=data.get("title") or "", cited_order=cited.exclude(pk=order.pk).first(),
    )


def _link_citations_to(order: Order, directory: Directory) -> None:
    """Orders already in the portal that cite this one now point to it: the chain is kept both ways."""
    names = directory.variants(order.issuer)
    waiting = OrderCitation.objects.filter(cited_order__isnull=True, number=order.number, date=order.date)
    ids = [c.pk for c in waiting if normalize_name(c.issuer_name) in names]
    if ids:
        OrderCitation.objects.filter(pk__in=ids).update(cited_order=order)


def _clause_write(order: Order, data: dict, position: int, directory: Directory, academic_year: int) -> None:
    where = f"Пункт {data.get('number') or position} приказа"
    text = _required(data, "text", f"{where}: нет текста.")
    if "deadline" in data:
        deadline = _deadline(data.get("deadline"), where, academic_year, order.date)
    else:
        deadline = _deadline_in_text(text, academic_year, order.date)
    clause = OrderClause.objects.create(
        order=order, number=_clean_number(data.get("number")) or str(position), position=position, text=text,
        **deadline,
    )
    _responsible_set(clause, data.get("responsible") or [], directory, where)


# --- the roadmap -------------------------------------------------------------


def _roadmap_write(data: dict, directory: Directory, order: Order | None, academic_year: int) -> Roadmap:
    roadmap = Roadmap.objects.create(
        order=order, municipality=directory.municipality, region=directory.region, academic_year=academic_year,
        title=_required(data, "title", "Не указано название дорожной карты."),
        period_start=date(academic_year, 9, 1), period_end=date(academic_year + 1, 8, 31),
    )
    items = data.get("items") or []
    if not items:
        raise ValidationError("В дорожной карте нет ни одного мероприятия.")
    for position, item_data in enumerate(items, start=1):
        number = _clean_number(item_data.get("number")) or str(position)
        where = f"Мероприятие № {number}"
        responsible = item_data.get("responsible") or []
        item = RoadmapItem.objects.create(
            roadmap=roadmap, number=number, position=position, section=item_data.get("section") or "",
            activity=_required(item_data, "activity", f"{where}: нет текста мероприятия."),
            responsible_text=item_data.get("responsible_text") or _responsible_text(responsible),
            **_deadline(item_data.get("deadline"), where, academic_year, order.date if order else None),
        )
        _responsible_set(item, responsible, directory, where)
    return roadmap


def _responsible_set(target, entries: list, directory: Directory, where: str) -> None:
    officials, organizations, all_schools, all_municipalities = [], [], False, False
    for entry in entries:
        kind, name = (entry or {}).get("kind"), ((entry or {}).get("name") or "").strip()
        if kind not in RESPONSIBLE_KINDS or not name:
            raise ValidationError(f"{where}: непонятный ответственный {entry!r} (нужны kind и name).")
        if kind == "person":
            officials.append(directory.official(entry, where=where))
        elif kind == "organization" or (kind == "all_municipalities" and directory.municipality is not None):
            # «МОУО» in a municipal order is that municipality's own authority: an organisation as written.
            organizations.append(directory.organization(name, create=True))
        elif kind == "all_municipalities":
            all_municipalities = True  # a regional order's clause or item: every municipality of the region
        else:
            all_schools = True
    flags = [name for name, on in (("all_schools", all_schools), ("all_municipalities", all_municipalities)) if on]
    if flags:
        for name in flags:
            setattr(target, name, True)
        target.save(update_fields=flags)
    target.responsible_officials.set(officials)
    target.responsible_organizations.set(organizations)


def _responsible_text(entries: list) -> str:
    parts = []
    for entry in entries:
        parts.append(", ".join(p for p in (entry.get("name"), entry.get("position")) if p))
    return ", ".join(parts)


# --- deadlines ---------------------------------------------------------------


def _deadline(data: dict | None, where: str, academic_year: int, order_date: date | None) -> dict:
    if not data or not (data.get("text") or data.get("start") or data.get("end")):
        return {}
    text = (data.get("text") or "").strip()
    start = _date(data.get("start"), f"{where}: начало срока")
    end = _date(data.get("end"), f"{where}: окончание срока")
    if start and end and start > end:
        raise ValidationError(f"{where}: начало срока {start:%d.%m.%Y} позже окончания {end:%d.%m.%Y}.")
    note = ""
    if text:
        from ..deadlines import parse_deadline

        note = parse_deadline(text, academic_year=academic_year, reference_date=order_date).note or ""
    recurrence = data.get("recurrence") or ""
    if recurrence not in RECURRENCES:
        recurrence = ""
    return {
        "deadline_text": text[:300], "deadline_start": start, "deadline_end": end,
        "deadline_recognized": not (text and start is None and end is None), "deadline_note": note[:300],
        "deadline_recurrence": recurrence,
    }


def _deadline_in_text(text: str, academic_year: int, order_date: date | None) -> dict:
    """A clause written without a separate deadline may hide one: «в срок до 01.09.2022 организовать ...»."""
    from ..deadlines import find_deadline_in_text

    found = find_deadline_in_text(text, academic_year=academic_year, reference_date=order_date)
    if not found:
        return {}
    return {
        "deadline_text": found.text[:300], "deadline_start": found.start, "deadline_end": found.end,
        "deadline_recognized": bool(found.start or found.end), "deadline_note": (found.note or "")[:300],
    }


def _academic_year(data: dict, order_date: date | None) -> int:
    year = data.get("academic_year")
    if year:
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValidationError(f"Учебный год «{year}» указан неверно: нужен год его начала, например 2022.")
        return year
    match = _YEARS_IN_TITLE.search(data.get("title") or "")
    if match and int(match[2]) == int(match[1]) + 1:
        return int(match[1])
    if order_date is None:
        raise ValidationError("Не удалось определить учебный год дорожной карты: укажите его.")
    return _year_of(order_date)


def _year_of(when: date | None) -> int:
    return academic_year_planned_on(when) if when is not None else 0


# --- small parsers -----------------------------------------------------------


def _municipality_of(data: dict) -> Municipality | None:
    name = (data.get("municipality") or "").strip()
    if name:
        wanted = normalize_name(name)
        for municipality in Municipality.objects.all():
            if wanted in (normalize_name(municipality.short_name), normalize_name(municipality.name)):
                return municipality
        raise ValidationError(f"Муниципалитет «{name}» не найден в портале.")
    issuer = normalize_name((data.get("order") or {}).get("issuer") or "")
    if not issuer:
        return None
    found = {
        o.municipality_id for o in Organization.objects.exclude(municipality__isnull=True)
        if issuer in Directory.variants(o)
    }
    return Municipality.objects.get(pk=found.pop()) if len(found) == 1 else None


def _check_may_write(user, municipality: Municipality | None, region: Region | None = None) -> None:
    if user is None:
        return
    if municipality is None and region is None and user_scope(user).is_admin:  # an order of no region
        return
    if municipality is None and region is not None and regions_importable_by(user).filter(pk=region.pk).exists():
        return
    if municipality is not None and municipalities_importable_by(user).filter(pk=municipality.pk).exists():
        return
    raise PermissionDenied("Нет прав на загрузку приказов в этот муниципалитет." if region is None
                           else "Нет прав на загрузку приказов этого региона.")


def _required(data: dict, key: str, message: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(message)
    return value.strip()


def _clean_number(value) -> str:
    return str(value or "").strip().lstrip("№").strip().rstrip(".")


def _date(value, where: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"{where}: дата не указана.")
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{where}: дата «{value}» не в формате ГГГГ-ММ-ДД.") from None
