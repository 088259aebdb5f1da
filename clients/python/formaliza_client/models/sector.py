from enum import StrEnum


class Sector(StrEnum):
    COFFEE = "coffee"
    CONSTRUCTION = "construction"
    ENGINEERING = "engineering"
    FOOD = "food"
    OTHER = "other"
    TEXTILE = "textile"

    def __str__(self) -> str:
        return str(self.value)
