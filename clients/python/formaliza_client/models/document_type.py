from enum import StrEnum


class DocumentType(StrEnum):
    BO_CI = "bo_ci"
    PASSPORT = "passport"
    PE_CE = "pe_ce"
    PE_DNI = "pe_dni"

    def __str__(self) -> str:
        return str(self.value)
