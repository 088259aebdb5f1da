from enum import StrEnum


class CoverageUnit(StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
