from schools.roles import user_scope


def role(request):
    scope = user_scope(getattr(request, "user", None))
    return {"portal_scope": scope}
