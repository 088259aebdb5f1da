from enum import StrEnum


class OrganisationsGroupBy(StrEnum):
    COUNTRY = "country"
    KIND = "kind"
    PARTNER = "partner"
    REGION = "region"
    SECTOR = "sector"

    def __str__(self) -> str:
        return str(self.value)
