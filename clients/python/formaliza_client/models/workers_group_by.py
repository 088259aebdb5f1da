from enum import StrEnum


class WorkersGroupBy(StrEnum):
    AGE_BAND = "age_band"
    COUNTRY = "country"
    REGION = "region"
    SECTOR = "sector"
    SEX = "sex"

    def __str__(self) -> str:
        return str(self.value)
