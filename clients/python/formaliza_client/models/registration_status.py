from enum import StrEnum


class RegistrationStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
