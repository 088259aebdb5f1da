from enum import StrEnum


class SessionStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
