from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.certificate import Certificate
    from ..models.participation import Participation


T = TypeVar("T", bound="AttendanceSheetResult")


@_attrs_define
class AttendanceSheetResult:
    """What a sign-in sheet recorded.

    Attributes:
        participations (list[Participation]): The registrations named on the sheet, as they are now.
        certificates_issued (list[Certificate]): Certificates the sheet earned.
    """

    participations: list[Participation]
    certificates_issued: list[Certificate]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        participations = []
        for participations_item_data in self.participations:
            participations_item = participations_item_data.to_dict()
            participations.append(participations_item)

        certificates_issued = []
        for certificates_issued_item_data in self.certificates_issued:
            certificates_issued_item = certificates_issued_item_data.to_dict()
            certificates_issued.append(certificates_issued_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "participations": participations,
                "certificates_issued": certificates_issued,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate import Certificate  # noqa: PLC0415
        from ..models.participation import Participation  # noqa: PLC0415

        d = dict(src_dict)
        participations = []
        _participations = d.pop("participations")
        for participations_item_data in _participations:
            participations_item = Participation.from_dict(participations_item_data)

            participations.append(participations_item)

        certificates_issued = []
        _certificates_issued = d.pop("certificates_issued")
        for certificates_issued_item_data in _certificates_issued:
            certificates_issued_item = Certificate.from_dict(certificates_issued_item_data)

            certificates_issued.append(certificates_issued_item)

        attendance_sheet_result = cls(
            participations=participations,
            certificates_issued=certificates_issued,
        )

        attendance_sheet_result.additional_properties = d
        return attendance_sheet_result

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
