from django.urls import NoReverseMatch, reverse

from portal.notifications.selectors import unread_count
from schools.models import Role
from schools.roles import user_scope

# Section links shown in the top menu, by role; a link whose URL is not (yet) routed is left out.
_NAV = [
    ("monitoring:cabinet", "Кабинет школы", {Role.SCHOOL_HEAD}),
    ("schools:my_acts", "Локальные акты", {Role.SCHOOL_HEAD}),
    ("schools:review_queue", "Проверка актов", {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL}),
    ("monitoring:compliance_matrix", "Исполнение сроков", {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL}),
    ("monitoring:campaign_list", "Мониторинг сайтов", {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL}),
    ("procedures:schedule_list", "Процедуры и семинары",
     {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL, Role.SCHOOL_HEAD}),
    ("monitoring:municipalities", "Муниципалитеты", {Role.ADMIN, Role.FEDERAL, Role.REGIONAL}),
    ("vpr:comparison", "ВПР", {Role.MUNICIPAL, Role.ADMIN, Role.FEDERAL, Role.REGIONAL, Role.SCHOOL_HEAD}),
    ("roadmaps:order_import", "Загрузка приказа", {Role.MUNICIPAL, Role.ADMIN}),
]


_SHORT_ROLE_LABELS = {
    Role.ADMIN: "администратор",
    Role.FEDERAL: "федеральный специалист",
    Role.REGIONAL: "региональный специалист",
    Role.MUNICIPAL: "специалист МОУО",
    Role.SCHOOL_HEAD: "руководитель ОО",
}


def role(request):
    scope = user_scope(getattr(request, "user", None))
    nav = []
    for url_name, label, roles in _NAV:
        if scope.role in roles:
            try:
                nav.append({"url": reverse(url_name), "label": label})
            except NoReverseMatch:
                continue
    return {
        "portal_unread": unread_count(request.user) if scope.role else 0,
        "portal_scope": scope,
        "portal_role_label": _SHORT_ROLE_LABELS.get(scope.role, ""),
        "portal_nav": nav,
    }
