from enum import StrEnum


class Op(StrEnum):
    CREATE = "create"
    DELETE = "delete"
    ERASE = "erase"
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
