from enum import StrEnum


class FormalStatus(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"
    IN_FORMATION = "in_formation"

    def __str__(self) -> str:
        return str(self.value)
