from enum import StrEnum


class SocialSecurityRegistry(StrEnum):
    BO_CNS_GESTORA = "bo_cns_gestora"
    PE_T_REGISTRO = "pe_t_registro"

    def __str__(self) -> str:
        return str(self.value)
