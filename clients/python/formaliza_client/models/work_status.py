from enum import StrEnum


class WorkStatus(StrEnum):
    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    OTHER = "other"
    SELF_EMPLOYED = "self_employed"
    UNPAID_FAMILY_WORKER = "unpaid_family_worker"

    def __str__(self) -> str:
        return str(self.value)
