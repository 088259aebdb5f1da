from enum import StrEnum


class CoverageSeriesUnit(StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
