"""Who may load orders, and into which municipality: administrators anywhere, a municipal officer only
into their own municipality; regional officers and school heads read only."""
from django.db.models import QuerySet

from schools.models import Municipality
from schools.roles import user_scope


def municipalities_importable_by(user) -> QuerySet[Municipality]:
    scope = user_scope(user)
    if scope.is_admin:
        return Municipality.objects.all()
    if scope.is_municipal:
        return Municipality.objects.filter(pk=scope.municipality_id)
    return Municipality.objects.none()
