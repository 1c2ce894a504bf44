"""Each model of the ВПР part declares its path to its owners (schools.access); loaded by VprConfig.ready."""
from schools import access
from schools.access import MUNICIPALITY

from .models import (
    ControlDocument, ControlledSchool, Observer, SchoolLogin, SignTask, VprImport, VprResult, VprRound,
    VprSchoolResult,
)

# A round (subject, grade, year, scale) is reference data; who wrote what is the schools'.
access.reference(VprRound)
access.register(VprResult, school="school", municipality="school__municipality")
access.register(VprSchoolResult, school="school", municipality="school__municipality")
access.register(SignTask, school="school", municipality="school__municipality")
# The ФИС ОКО login and the objectivity-control sample are kept by the school's municipality.
access.register(SchoolLogin, school="school", municipality="school__municipality", heads=False,
                changes=[MUNICIPALITY])
access.register(ControlledSchool, school="school", municipality="school__municipality", changes=[MUNICIPALITY])
access.register(Observer, school="control__school", municipality="control__school__municipality",
                changes=[MUNICIPALITY])
access.register(ControlDocument, school="control__school", municipality="control__school__municipality",
                changes=[MUNICIPALITY])
access.admin_only(VprImport)
