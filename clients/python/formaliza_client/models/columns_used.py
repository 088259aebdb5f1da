from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.columns_used_mapped import ColumnsUsedMapped


T = TypeVar("T", bound="ColumnsUsed")


@_attrs_define
class ColumnsUsed:
    """The column map as a job shows it: each column of the file and the field it was read as.

    Attributes:
        mapped (ColumnsUsedMapped): Column of the file → field it was read as.
        ignored (list[str]): Columns of the file no field takes (KoboToolbox's `_id`, `start`, … or typos).
    """

    mapped: ColumnsUsedMapped
    ignored: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mapped = self.mapped.to_dict()

        ignored = self.ignored

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mapped": mapped,
                "ignored": ignored,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.columns_used_mapped import ColumnsUsedMapped  # noqa: PLC0415

        d = dict(src_dict)
        mapped = ColumnsUsedMapped.from_dict(d.pop("mapped"))

        ignored = cast(list[str], d.pop("ignored"))

        columns_used = cls(
            mapped=mapped,
            ignored=ignored,
        )

        columns_used.additional_properties = d
        return columns_used

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
