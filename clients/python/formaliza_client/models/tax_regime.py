from enum import StrEnum


class TaxRegime(StrEnum):
    BO_GENERAL = "bo_general"
    BO_RAU = "bo_rau"
    BO_RTS = "bo_rts"
    BO_STI = "bo_sti"
    PE_GENERAL = "pe_general"
    PE_NRUS = "pe_nrus"
    PE_RER = "pe_rer"
    PE_RMT = "pe_rmt"

    def __str__(self) -> str:
        return str(self.value)
