"""Permission tables shared by the apps' permission tests: the roles, a row of expected statuses, the common table.

Sides: "home" — the role's own school / municipality; "sibling" — another school of the same municipality
(outside a school head's scope only); "away" — another municipality.
"""
ROLES = ["admin", "regional", "municipal", "school_head"]


def expect(admin, regional, municipal, head) -> dict[str, int]:
    """The status each role expects, in the order of ROLES."""
    return {"admin": admin, "regional": regional, "municipal": municipal, "school_head": head}


# A school's own page: everyone above the school reads it; a head only their own school.
SCHOOL_READ = {"home": expect(200, 200, 200, 200), "sibling": expect(200, 200, 200, 404),
               "away": expect(200, 200, 404, 404)}

