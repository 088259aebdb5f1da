from enum import StrEnum


class Attendance(StrEnum):
    ABSENT = "absent"
    ATTENDED = "attended"

    def __str__(self) -> str:
        return str(self.value)
