from enum import StrEnum


class CoverageSeriesInterval(StrEnum):
    MONTH = "month"

    def __str__(self) -> str:
        return str(self.value)
