from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.training_indicator_scope import TrainingIndicatorScope
    from ..models.training_participants_by_age import TrainingParticipantsByAge
    from ..models.training_participants_by_sex import TrainingParticipantsBySex
    from ..models.training_read_model_freshness import TrainingReadModelFreshness


T = TypeVar("T", bound="TrainingIndicator")


@_attrs_define
class TrainingIndicator:
    """Training figures for a period.

    A session is *held* when it is not cancelled, starts in the period, and at least one
    registered participant attended. Participants are the distinct members who attended a held
    session (with `organisation_id`, only members of that organisation, and only the sessions
    they attended).

        Attributes:
            scope (TrainingIndicatorScope): The period and filters the figures are for.
            sessions_held (int):
            hours_delivered (float): Teaching hours of the held sessions.
            participant_hours (float): Hours attended, summed over participants.
            participants_by_sex (TrainingParticipantsBySex): Participants by sex (from the members read model; `unknown`
                when not recorded or not yet
                seen by the read model).
            participants_by_age (TrainingParticipantsByAge): Participants by age on the date of the sessions they attended.
            suppressed (bool): Whether some cells were withheld (`null`): those counting fewer than 5 people
                (`FORMALIZA_MIN_CELL`), and in a breakdown by sex or age as many others as it takes that
                none can be recomputed from the participants and the cells shown. Only tokens with
                `trainings:read` see every count.
            read_model (TrainingReadModelFreshness): How current the member attributes behind the indicators are.
            participants (int | None | Unset): Distinct members who attended.
            completion_rate (float | None | Unset): Share of (participant, course) pairs whose member holds the course's
                certificate
                (0 to 1; `null` with no participants).
            certificates_issued (int | None | Unset): Certificates issued in the period to the participants counted, for the
                courses they attended.
            outside_organisations (int | None | Unset): Distinct organisations outside the programme (`in_programme: false`)
                with a member among
                the participants.
    """

    scope: TrainingIndicatorScope
    sessions_held: int
    hours_delivered: float
    participant_hours: float
    participants_by_sex: TrainingParticipantsBySex
    participants_by_age: TrainingParticipantsByAge
    suppressed: bool
    read_model: TrainingReadModelFreshness
    participants: int | None | Unset = UNSET
    completion_rate: float | None | Unset = UNSET
    certificates_issued: int | None | Unset = UNSET
    outside_organisations: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope.to_dict()

        sessions_held = self.sessions_held

        hours_delivered = self.hours_delivered

        participant_hours = self.participant_hours

        participants_by_sex = self.participants_by_sex.to_dict()

        participants_by_age = self.participants_by_age.to_dict()

        suppressed = self.suppressed

        read_model = self.read_model.to_dict()

        participants: int | None | Unset
        if isinstance(self.participants, Unset):
            participants = UNSET
        else:
            participants = self.participants

        completion_rate: float | None | Unset
        if isinstance(self.completion_rate, Unset):
            completion_rate = UNSET
        else:
            completion_rate = self.completion_rate

        certificates_issued: int | None | Unset
        if isinstance(self.certificates_issued, Unset):
            certificates_issued = UNSET
        else:
            certificates_issued = self.certificates_issued

        outside_organisations: int | None | Unset
        if isinstance(self.outside_organisations, Unset):
            outside_organisations = UNSET
        else:
            outside_organisations = self.outside_organisations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scope": scope,
                "sessions_held": sessions_held,
                "hours_delivered": hours_delivered,
                "participant_hours": participant_hours,
                "participants_by_sex": participants_by_sex,
                "participants_by_age": participants_by_age,
                "suppressed": suppressed,
                "read_model": read_model,
            }
        )
        if participants is not UNSET:
            field_dict["participants"] = participants
        if completion_rate is not UNSET:
            field_dict["completion_rate"] = completion_rate
        if certificates_issued is not UNSET:
            field_dict["certificates_issued"] = certificates_issued
        if outside_organisations is not UNSET:
            field_dict["outside_organisations"] = outside_organisations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.training_indicator_scope import TrainingIndicatorScope  # noqa: PLC0415
        from ..models.training_participants_by_age import TrainingParticipantsByAge  # noqa: PLC0415
        from ..models.training_participants_by_sex import TrainingParticipantsBySex  # noqa: PLC0415
        from ..models.training_read_model_freshness import TrainingReadModelFreshness  # noqa: PLC0415

        d = dict(src_dict)
        scope = TrainingIndicatorScope.from_dict(d.pop("scope"))

        sessions_held = d.pop("sessions_held")

        hours_delivered = d.pop("hours_delivered")

        participant_hours = d.pop("participant_hours")

        participants_by_sex = TrainingParticipantsBySex.from_dict(d.pop("participants_by_sex"))

        participants_by_age = TrainingParticipantsByAge.from_dict(d.pop("participants_by_age"))

        suppressed = d.pop("suppressed")

        read_model = TrainingReadModelFreshness.from_dict(d.pop("read_model"))

        def _parse_participants(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        participants = _parse_participants(d.pop("participants", UNSET))

        def _parse_completion_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        completion_rate = _parse_completion_rate(d.pop("completion_rate", UNSET))

        def _parse_certificates_issued(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        certificates_issued = _parse_certificates_issued(d.pop("certificates_issued", UNSET))

        def _parse_outside_organisations(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        outside_organisations = _parse_outside_organisations(d.pop("outside_organisations", UNSET))

        training_indicator = cls(
            scope=scope,
            sessions_held=sessions_held,
            hours_delivered=hours_delivered,
            participant_hours=participant_hours,
            participants_by_sex=participants_by_sex,
            participants_by_age=participants_by_age,
            suppressed=suppressed,
            read_model=read_model,
            participants=participants,
            completion_rate=completion_rate,
            certificates_issued=certificates_issued,
            outside_organisations=outside_organisations,
        )

        training_indicator.additional_properties = d
        return training_indicator

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
