from domain.exceptions import ValidationError


class UnknownLanguageError(ValidationError):
    code = "unknown_language"


class EntryPointNotFoundError(ValidationError):
    code = "entry_point_not_found"
