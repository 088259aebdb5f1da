from enum import StrEnum


class Relationship(StrEnum):
    CHILD = "child"
    HEAD = "head"
    NON_RELATIVE = "non_relative"
    OTHER_RELATIVE = "other_relative"
    PARENT = "parent"
    SPOUSE = "spouse"

    def __str__(self) -> str:
        return str(self.value)
