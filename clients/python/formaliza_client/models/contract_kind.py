from enum import StrEnum


class ContractKind(StrEnum):
    NONE = "none"
    VERBAL = "verbal"
    WRITTEN = "written"

    def __str__(self) -> str:
        return str(self.value)
