from enum import StrEnum


class LegalStatus(StrEnum):
    INFORMAL = "informal"
    IN_FORMATION = "in_formation"
    REGISTERED = "registered"

    def __str__(self) -> str:
        return str(self.value)
