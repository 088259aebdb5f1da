from enum import StrEnum


class CourseTopic(StrEnum):
    BUSINESS = "business"
    COOPERATIVISM = "cooperativism"
    FINANCIAL_EDUCATION = "financial_education"
    LABOR_RIGHTS = "labor_rights"
    LEADERSHIP = "leadership"
    OTHER = "other"
    SOCIAL_PROTECTION = "social_protection"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
