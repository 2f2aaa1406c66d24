from domain.exceptions import ValidationError


class InvalidCheckerError(ValidationError):
    code = "invalid_checker"


class InvalidCheckResultError(ValidationError):
    code = "invalid_check_result"


class InvalidGroupError(ValidationError):
    code = "invalid_group"


class DuplicateGroupError(ValidationError):
    code = "duplicate_group"
