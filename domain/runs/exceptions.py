from domain.exceptions import ConflictError, NotFoundError, TooLargeError, ValidationError


class RunNotFoundError(NotFoundError):
    code = "run_not_found"


class InvalidRunError(ValidationError):
    code = "invalid_run"


class RunTooLargeError(TooLargeError):
    code = "run_too_large"


class RunNotFinishedError(ConflictError):
    code = "run_not_finished"
