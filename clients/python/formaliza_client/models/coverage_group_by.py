from enum import StrEnum


class CoverageGroupBy(StrEnum):
    AGE_BAND = "age_band"
    COUNTRY = "country"
    HEAD_SEX = "head_sex"
    ORGANISATION = "organisation"
    REGION = "region"
    SEX = "sex"

    def __str__(self) -> str:
        return str(self.value)
