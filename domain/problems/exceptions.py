from domain.exceptions import ConflictError, NotFoundError, ValidationError


class ProblemNotFoundError(NotFoundError):
    code = "problem_not_found"


class SlugTakenError(ConflictError):
    code = "slug_taken"


class TestNotFoundError(NotFoundError):
    __test__ = False
    code = "test_not_found"


class TestNameTakenError(ConflictError):
    __test__ = False
    code = "test_name_taken"


class InvalidProblemError(ValidationError):
    code = "invalid_problem"


class InvalidArchiveError(ValidationError):
    code = "invalid_archive"


class InvalidTestError(ValidationError):
    __test__ = False
    code = "invalid_test"


class GroupInUseError(ConflictError):
    """A change would leave tests in a group the problem no longer declares."""

    code = "group_in_use"


class UnknownCheckerLanguageError(ValidationError):
    """A custom checker's language is not one the judge knows (a 422, unlike an unknown problem's 404)."""

    code = "unknown_language"


class ProblemFileNotFoundError(NotFoundError):
    code = "problem_file_not_found"


class TooManyTestsError(ValidationError):
    """A problem would have more tests than the configured ceiling."""

    __test__ = False
    code = "too_many_tests"
