from enum import StrEnum


class CoverageInterval(StrEnum):
    MONTH = "month"

    def __str__(self) -> str:
        return str(self.value)
