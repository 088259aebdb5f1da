from enum import StrEnum


class ImportKindName(StrEnum):
    ATTENDANCE = "attendance"
    ENROLMENTS = "enrolments"
    HOUSEHOLDS = "households"
    JOBS = "jobs"
    MEMBERS = "members"
    MEMBERSHIPS = "memberships"
    ORGANISATIONS = "organisations"
    REGISTRATIONS = "registrations"

    def __str__(self) -> str:
        return str(self.value)
