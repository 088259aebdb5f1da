"""Contains all the data models used in inputs/outputs"""

from .access_record import AccessRecord
from .attendance import Attendance
from .attendance_line import AttendanceLine
from .attendance_sheet import AttendanceSheet
from .attendance_sheet_result import AttendanceSheetResult
from .certificate import Certificate
from .certificate_input import CertificateInput
from .certificate_verification import CertificateVerification
from .columns_used import ColumnsUsed
from .columns_used_mapped import ColumnsUsedMapped
from .contract_kind import ContractKind
from .country_code import CountryCode
from .course import Course
from .course_input import CourseInput
from .course_topic import CourseTopic
from .coverage_cell import CoverageCell
from .coverage_filters import CoverageFilters
from .coverage_group_by import CoverageGroupBy
from .coverage_indicator import CoverageIndicator
from .coverage_interval import CoverageInterval
from .coverage_point import CoveragePoint
from .coverage_sector import CoverageSector
from .coverage_series import CoverageSeries
from .coverage_series_interval import CoverageSeriesInterval
from .coverage_series_sector import CoverageSeriesSector
from .coverage_series_unit import CoverageSeriesUnit
from .coverage_share import CoverageShare
from .coverage_unit import CoverageUnit
from .created_subscription import CreatedSubscription
from .document_type import DocumentType
from .enrollment import Enrollment
from .enrollment_history import EnrollmentHistory
from .enrollment_input import EnrollmentInput
from .enrollment_status import EnrollmentStatus
from .enrollment_transition import EnrollmentTransition
from .erasure_input import ErasureInput
from .export_enrollments_format import ExportEnrollmentsFormat
from .exported_enrollment import ExportedEnrollment
from .feed_event import FeedEvent
from .feed_event_data_type_0 import FeedEventDataType0
from .feed_page import FeedPage
from .feed_progress import FeedProgress
from .field_error import FieldError
from .formal_status import FormalStatus
from .formalisation_filters import FormalisationFilters
from .formalisation_indicator import FormalisationIndicator
from .formalisation_point import FormalisationPoint
from .formalisation_sector import FormalisationSector
from .formalisation_series import FormalisationSeries
from .formalisation_series_sector import FormalisationSeriesSector
from .formalisation_share import FormalisationShare
from .grant_type import GrantType
from .health_status import HealthStatus
from .household import Household
from .household_input import HouseholdInput
from .import_format_name import ImportFormatName
from .import_job import ImportJob
from .import_job_mapping_type_0 import ImportJobMappingType0
from .import_kind_name import ImportKindName
from .import_report import ImportReport
from .import_row_result import ImportRowResult
from .import_row_status import ImportRowStatus
from .import_summary import ImportSummary
from .indicator_assessment import IndicatorAssessment
from .indicator_baseline import IndicatorBaseline
from .indicator_direction import IndicatorDirection
from .indicator_frozen_live_value import IndicatorFrozenLiveValue
from .indicator_live_value import IndicatorLiveValue
from .indicator_target import IndicatorTarget
from .indicator_track_status import IndicatorTrackStatus
from .indicator_unit import IndicatorUnit
from .job import Job
from .job_counts import JobCounts
from .job_input import JobInput
from .job_links import JobLinks
from .job_role import JobRole
from .job_status import JobStatus
from .jwks_response_200 import JwksResponse200
from .legal_status import LegalStatus
from .list_indicators_measure import ListIndicatorsMeasure
from .localised_text import LocalisedText
from .member import Member
from .member_input import MemberInput
from .membership import Membership
from .membership_input import MembershipInput
from .membership_role import MembershipRole
from .national_id_input import NationalIdInput
from .o_auth_error import OAuthError
from .op import Op
from .organisation import Organisation
from .organisation_input import OrganisationInput
from .organisation_kind import OrganisationKind
from .organisations_cell import OrganisationsCell
from .organisations_group_by import OrganisationsGroupBy
from .page_access_record import PageAccessRecord
from .page_access_record_data_item import PageAccessRecordDataItem
from .page_certificate import PageCertificate
from .page_certificate_data_item import PageCertificateDataItem
from .page_course import PageCourse
from .page_course_data_item import PageCourseDataItem
from .page_enrollment import PageEnrollment
from .page_enrollment_data_item import PageEnrollmentDataItem
from .page_household import PageHousehold
from .page_household_data_item import PageHouseholdDataItem
from .page_import_job import PageImportJob
from .page_import_job_data_item import PageImportJobDataItem
from .page_import_job_data_item_mapping_type_0 import PageImportJobDataItemMappingType0
from .page_import_row_result import PageImportRowResult
from .page_import_row_result_data_item import PageImportRowResultDataItem
from .page_job import PageJob
from .page_job_data_item import PageJobDataItem
from .page_member import PageMember
from .page_member_data_item import PageMemberDataItem
from .page_membership import PageMembership
from .page_membership_data_item import PageMembershipDataItem
from .page_organisation import PageOrganisation
from .page_organisation_data_item import PageOrganisationDataItem
from .page_participation import PageParticipation
from .page_participation_data_item import PageParticipationDataItem
from .page_programme_indicator_status import PageProgrammeIndicatorStatus
from .page_programme_indicator_status_data_item import PageProgrammeIndicatorStatusDataItem
from .page_registration import PageRegistration
from .page_registration_data_item import PageRegistrationDataItem
from .page_reported_value import PageReportedValue
from .page_reported_value_data_item import PageReportedValueDataItem
from .page_scheme import PageScheme
from .page_scheme_data_item import PageSchemeDataItem
from .page_session import PageSession
from .page_session_data_item import PageSessionDataItem
from .participant_sex import ParticipantSex
from .participation import Participation
from .participation_input import ParticipationInput
from .patch_course_body import PatchCourseBody
from .patch_enrollment_body import PatchEnrollmentBody
from .patch_household_body import PatchHouseholdBody
from .patch_indicator_body import PatchIndicatorBody
from .patch_job_body import PatchJobBody
from .patch_member_body import PatchMemberBody
from .patch_membership_body import PatchMembershipBody
from .patch_organisation_body import PatchOrganisationBody
from .patch_participation_body import PatchParticipationBody
from .patch_registration_body import PatchRegistrationBody
from .patch_scheme_body import PatchSchemeBody
from .patch_session_body import PatchSessionBody
from .problem import Problem
from .problem_context_type_0 import ProblemContextType0
from .programme_indicator import ProgrammeIndicator
from .programme_indicator_definition import ProgrammeIndicatorDefinition
from .programme_indicator_definition_input import ProgrammeIndicatorDefinitionInput
from .programme_indicator_definition_input_filters import ProgrammeIndicatorDefinitionInputFilters
from .programme_indicator_input import ProgrammeIndicatorInput
from .programme_indicator_progress import ProgrammeIndicatorProgress
from .programme_indicator_status import ProgrammeIndicatorStatus
from .programme_live_point import ProgrammeLivePoint
from .programme_measure import ProgrammeMeasure
from .programme_measure_filters import ProgrammeMeasureFilters
from .public_answer_response_200 import PublicAnswerResponse200
from .public_index import PublicIndex
from .public_question import PublicQuestion
from .published_input import PublishedInput
from .published_input_query import PublishedInputQuery
from .published_question import PublishedQuestion
from .published_question_list import PublishedQuestionList
from .published_title import PublishedTitle
from .read_model_freshness import ReadModelFreshness
from .registration import Registration
from .registration_history import RegistrationHistory
from .registration_input import RegistrationInput
from .registration_status import RegistrationStatus
from .registration_transition_input import RegistrationTransitionInput
from .registration_transition_view import RegistrationTransitionView
from .registry import Registry
from .relationship import Relationship
from .replay_input import ReplayInput
from .reported_value import ReportedValue
from .reported_value_input import ReportedValueInput
from .rotated_secret import RotatedSecret
from .row_result import RowResult
from .row_status import RowStatus
from .scheme import Scheme
from .scheme_category import SchemeCategory
from .scheme_input import SchemeInput
from .scheme_kind import SchemeKind
from .sector import Sector
from .session import Session
from .session_input import SessionInput
from .session_status import SessionStatus
from .sex import Sex
from .social_security_registry import SocialSecurityRegistry
from .status_change import StatusChange
from .status_history import StatusHistory
from .subscription import Subscription
from .subscription_input import SubscriptionInput
from .subscription_list import SubscriptionList
from .subscription_state import SubscriptionState
from .tax_regime import TaxRegime
from .token_request import TokenRequest
from .token_response import TokenResponse
from .training_indicator import TrainingIndicator
from .training_indicator_scope import TrainingIndicatorScope
from .training_participants_by_age import TrainingParticipantsByAge
from .training_participants_by_sex import TrainingParticipantsBySex
from .training_read_model_freshness import TrainingReadModelFreshness
from .transition_input import TransitionInput
from .work_status import WorkStatus
from .workers_cell import WorkersCell
from .workers_group_by import WorkersGroupBy

__all__ = (
    "AccessRecord",
    "Attendance",
    "AttendanceLine",
    "AttendanceSheet",
    "AttendanceSheetResult",
    "Certificate",
    "CertificateInput",
    "CertificateVerification",
    "ColumnsUsed",
    "ColumnsUsedMapped",
    "ContractKind",
    "CountryCode",
    "Course",
    "CourseInput",
    "CourseTopic",
    "CoverageCell",
    "CoverageFilters",
    "CoverageGroupBy",
    "CoverageIndicator",
    "CoverageInterval",
    "CoveragePoint",
    "CoverageSector",
    "CoverageSeries",
    "CoverageSeriesInterval",
    "CoverageSeriesSector",
    "CoverageSeriesUnit",
    "CoverageShare",
    "CoverageUnit",
    "CreatedSubscription",
    "DocumentType",
    "Enrollment",
    "EnrollmentHistory",
    "EnrollmentInput",
    "EnrollmentStatus",
    "EnrollmentTransition",
    "ErasureInput",
    "ExportedEnrollment",
    "ExportEnrollmentsFormat",
    "FeedEvent",
    "FeedEventDataType0",
    "FeedPage",
    "FeedProgress",
    "FieldError",
    "FormalisationFilters",
    "FormalisationIndicator",
    "FormalisationPoint",
    "FormalisationSector",
    "FormalisationSeries",
    "FormalisationSeriesSector",
    "FormalisationShare",
    "FormalStatus",
    "GrantType",
    "HealthStatus",
    "Household",
    "HouseholdInput",
    "ImportFormatName",
    "ImportJob",
    "ImportJobMappingType0",
    "ImportKindName",
    "ImportReport",
    "ImportRowResult",
    "ImportRowStatus",
    "ImportSummary",
    "IndicatorAssessment",
    "IndicatorBaseline",
    "IndicatorDirection",
    "IndicatorFrozenLiveValue",
    "IndicatorLiveValue",
    "IndicatorTarget",
    "IndicatorTrackStatus",
    "IndicatorUnit",
    "Job",
    "JobCounts",
    "JobInput",
    "JobLinks",
    "JobRole",
    "JobStatus",
    "JwksResponse200",
    "LegalStatus",
    "ListIndicatorsMeasure",
    "LocalisedText",
    "Member",
    "MemberInput",
    "Membership",
    "MembershipInput",
    "MembershipRole",
    "NationalIdInput",
    "OAuthError",
    "Op",
    "Organisation",
    "OrganisationInput",
    "OrganisationKind",
    "OrganisationsCell",
    "OrganisationsGroupBy",
    "PageAccessRecord",
    "PageAccessRecordDataItem",
    "PageCertificate",
    "PageCertificateDataItem",
    "PageCourse",
    "PageCourseDataItem",
    "PageEnrollment",
    "PageEnrollmentDataItem",
    "PageHousehold",
    "PageHouseholdDataItem",
    "PageImportJob",
    "PageImportJobDataItem",
    "PageImportJobDataItemMappingType0",
    "PageImportRowResult",
    "PageImportRowResultDataItem",
    "PageJob",
    "PageJobDataItem",
    "PageMember",
    "PageMemberDataItem",
    "PageMembership",
    "PageMembershipDataItem",
    "PageOrganisation",
    "PageOrganisationDataItem",
    "PageParticipation",
    "PageParticipationDataItem",
    "PageProgrammeIndicatorStatus",
    "PageProgrammeIndicatorStatusDataItem",
    "PageRegistration",
    "PageRegistrationDataItem",
    "PageReportedValue",
    "PageReportedValueDataItem",
    "PageScheme",
    "PageSchemeDataItem",
    "PageSession",
    "PageSessionDataItem",
    "ParticipantSex",
    "Participation",
    "ParticipationInput",
    "PatchCourseBody",
    "PatchEnrollmentBody",
    "PatchHouseholdBody",
    "PatchIndicatorBody",
    "PatchJobBody",
    "PatchMemberBody",
    "PatchMembershipBody",
    "PatchOrganisationBody",
    "PatchParticipationBody",
    "PatchRegistrationBody",
    "PatchSchemeBody",
    "PatchSessionBody",
    "Problem",
    "ProblemContextType0",
    "ProgrammeIndicator",
    "ProgrammeIndicatorDefinition",
    "ProgrammeIndicatorDefinitionInput",
    "ProgrammeIndicatorDefinitionInputFilters",
    "ProgrammeIndicatorInput",
    "ProgrammeIndicatorProgress",
    "ProgrammeIndicatorStatus",
    "ProgrammeLivePoint",
    "ProgrammeMeasure",
    "ProgrammeMeasureFilters",
    "PublicAnswerResponse200",
    "PublicIndex",
    "PublicQuestion",
    "PublishedInput",
    "PublishedInputQuery",
    "PublishedQuestion",
    "PublishedQuestionList",
    "PublishedTitle",
    "ReadModelFreshness",
    "Registration",
    "RegistrationHistory",
    "RegistrationInput",
    "RegistrationStatus",
    "RegistrationTransitionInput",
    "RegistrationTransitionView",
    "Registry",
    "Relationship",
    "ReplayInput",
    "ReportedValue",
    "ReportedValueInput",
    "RotatedSecret",
    "RowResult",
    "RowStatus",
    "Scheme",
    "SchemeCategory",
    "SchemeInput",
    "SchemeKind",
    "Sector",
    "Session",
    "SessionInput",
    "SessionStatus",
    "Sex",
    "SocialSecurityRegistry",
    "StatusChange",
    "StatusHistory",
    "Subscription",
    "SubscriptionInput",
    "SubscriptionList",
    "SubscriptionState",
    "TaxRegime",
    "TokenRequest",
    "TokenResponse",
    "TrainingIndicator",
    "TrainingIndicatorScope",
    "TrainingParticipantsByAge",
    "TrainingParticipantsBySex",
    "TrainingReadModelFreshness",
    "TransitionInput",
    "WorkersCell",
    "WorkersGroupBy",
    "WorkStatus",
)
