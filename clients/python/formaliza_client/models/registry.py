from enum import StrEnum


class Registry(StrEnum):
    BO_AFCOOP = "bo_afcoop"
    BO_MUNICIPAL_LICENCE = "bo_municipal_licence"
    BO_NIT = "bo_nit"
    BO_SEPREC = "bo_seprec"
    PE_MUNICIPAL_LICENCE = "pe_municipal_licence"
    PE_REMYPE = "pe_remype"
    PE_RUC = "pe_ruc"
    PE_SUNARP = "pe_sunarp"

    def __str__(self) -> str:
        return str(self.value)
