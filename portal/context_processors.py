from collections import Counter

from django.urls import NoReverseMatch, reverse

from portal.notifications.selectors import unread_count
from schools.models import Role
from schools.roles import user_scope

# Section links shown in the top menu, by role; a link whose URL is not (yet) routed is left out.
# Links of the «Мониторинг» group fold into one dropdown when a role has at least MENU_GROUP_MIN of them
# (officers and specialists: the menu then fits one line at 1400 px); a school head keeps them flat.
MONITORING = "Мониторинг"
MENU_GROUP_MIN = 3
_OFFICERS = {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL}
_NAV = [
    ("monitoring:cabinet", "Кабинет школы", {Role.SCHOOL_HEAD}, None),
    ("schools:my_acts", "Локальные акты", {Role.SCHOOL_HEAD}, None),
    ("monitoring:compliance_matrix", "Исполнение сроков", _OFFICERS, MONITORING),
    ("monitoring:municipality_tasks", "Задачи от региона", _OFFICERS, MONITORING),
    ("schools:review_queue", "Проверка актов", _OFFICERS, MONITORING),
    ("monitoring:campaign_list", "Мониторинг сайтов", _OFFICERS, MONITORING),
    ("procedures:schedule_list", "Процедуры и семинары", _OFFICERS | {Role.SCHOOL_HEAD}, MONITORING),
    ("vpr:comparison", "ВПР", _OFFICERS | {Role.SCHOOL_HEAD}, MONITORING),
    ("monitoring:municipalities", "Муниципалитеты", {Role.ADMIN, Role.FEDERAL, Role.REGIONAL}, None),
    ("roadmaps:order_import", "Загрузка приказа", {Role.MUNICIPAL, Role.ADMIN}, None),
]


def _menu(role_, path: str) -> list[dict]:
    """The role's menu: links ``{"url", "label", "active"}`` and groups ``{"label", "links", "active"}``."""
    links = []
    for url_name, label, roles, group in _NAV:
        if role_ not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        links.append({"url": url, "label": label, "group": group, "active": path.startswith(url)})
    counts = Counter(link["group"] for link in links if link["group"])
    menu: list[dict] = []
    groups: dict[str, dict] = {}
    for link in links:
        name = link["group"]
        if not name or counts[name] < MENU_GROUP_MIN:
            menu.append(link)
            continue
        if name not in groups:
            groups[name] = {"label": name, "links": [], "active": False}
            menu.append(groups[name])
        groups[name]["links"].append(link)
        groups[name]["active"] = groups[name]["active"] or link["active"]
    return menu


_SHORT_ROLE_LABELS = {
    Role.ADMIN: "администратор",
    Role.FEDERAL: "федеральный специалист",
    Role.REGIONAL: "региональный специалист",
    Role.MUNICIPAL: "специалист МОУО",
    Role.SCHOOL_HEAD: "руководитель ОО",
}


def role(request):
    scope = user_scope(getattr(request, "user", None))
    return {
        "portal_unread": unread_count(request.user) if scope.role else 0,
        "portal_scope": scope,
        "portal_role_label": _SHORT_ROLE_LABELS.get(scope.role, ""),
        "portal_nav": _menu(scope.role, getattr(request, "path", "")) if scope.role else [],
    }
