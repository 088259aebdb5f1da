from enum import StrEnum


class IndicatorTrackStatus(StrEnum):
    OFF_TRACK = "off_track"
    ON_TRACK = "on_track"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
