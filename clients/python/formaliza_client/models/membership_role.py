from enum import StrEnum


class MembershipRole(StrEnum):
    BOARD_MEMBER = "board_member"
    LEADER = "leader"
    MEMBER = "member"
    PRESIDENT = "president"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    VICE_PRESIDENT = "vice_president"

    def __str__(self) -> str:
        return str(self.value)
