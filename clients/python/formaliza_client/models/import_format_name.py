from enum import StrEnum


class ImportFormatName(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
