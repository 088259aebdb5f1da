from enum import StrEnum


class SchemeCategory(StrEnum):
    CROP_INSURANCE = "crop_insurance"
    HEALTH = "health"
    MICRO_INSURANCE = "micro_insurance"
    MUTUAL_FUND = "mutual_fund"
    OTHER = "other"
    PENSION = "pension"
    SOCIAL_ASSISTANCE = "social_assistance"

    def __str__(self) -> str:
        return str(self.value)
