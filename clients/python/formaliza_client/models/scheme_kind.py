from enum import StrEnum


class SchemeKind(StrEnum):
    INSURANCE = "insurance"
    PUBLIC_SERVICE = "public_service"

    def __str__(self) -> str:
        return str(self.value)
