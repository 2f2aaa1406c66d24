from domain.exceptions import ValidationError


class InvalidPackageError(ValidationError):
    """The package breaks the format (or our limits): `details` name the `file` and, where there is one,
    the `field`."""

    code = "invalid_package"


class UnsupportedPackageError(ValidationError):
    """A valid package using a part of the format this judge cannot run (multi-pass, submit-answer,
    unbounded scores, several output validators)."""

    code = "unsupported_package"


class InteractiveNotSupportedError(UnsupportedPackageError):
    """Interactive problems need the interactor (issue #11); the package was parsed, nothing created."""

    code = "interactive_not_supported"
