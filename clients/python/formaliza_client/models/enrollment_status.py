from enum import StrEnum


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    APPLIED = "applied"
    ENDED = "ended"
    REJECTED = "rejected"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
