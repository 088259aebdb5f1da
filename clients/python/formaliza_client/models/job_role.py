from enum import StrEnum


class JobRole(StrEnum):
    EMPLOYEE = "employee"
    FAMILY_WORKER = "family_worker"
    MEMBER_WORKER = "member_worker"
    OWNER = "owner"
    SELF_EMPLOYED = "self_employed"

    def __str__(self) -> str:
        return str(self.value)
