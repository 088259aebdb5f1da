from enum import StrEnum


class OrganisationKind(StrEnum):
    ASSOCIATION = "association"
    COOPERATIVE = "cooperative"
    FEDERATION = "federation"
    SMALL_ENTERPRISE = "small_enterprise"

    def __str__(self) -> str:
        return str(self.value)
