from enum import StrEnum


class ProgrammeMeasure(StrEnum):
    CERTIFICATES_ISSUED = "certificates_issued"
    COVERAGE_INSURANCE = "coverage_insurance"
    COVERAGE_PUBLIC_SERVICE = "coverage_public_service"
    FORMAL_ORGANISATIONS = "formal_organisations"
    TRAINING_PARTICIPANTS = "training_participants"
    WORKERS_WITH_FORMAL_JOB = "workers_with_formal_job"

    def __str__(self) -> str:
        return str(self.value)
