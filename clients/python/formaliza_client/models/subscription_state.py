from enum import StrEnum


class SubscriptionState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    PAUSED = "paused"
    STOPPED = "stopped"

    def __str__(self) -> str:
        return str(self.value)
