from domain.exceptions import NotFoundError, TooLargeError, ValidationError


class SubmissionNotFoundError(NotFoundError):
    code = "submission_not_found"


class SourceTooLargeError(TooLargeError):
    code = "source_too_large"


class InvalidSubmissionError(ValidationError):
    code = "invalid_submission"


class LanguageUnavailableError(ValidationError):
    code = "language_unavailable"
