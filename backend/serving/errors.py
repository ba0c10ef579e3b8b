"""What the model server answers when a request cannot be served: an HTTP status and a sentence."""

from __future__ import annotations


class ServingError(Exception):
    """Answered as `{"error": message}` with `status` (the Open Inference Protocol's error shape)."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ServingError):
    status = 400


class Unauthorized(ServingError):
    status = 401


class Forbidden(ServingError):
    status = 403


class NotServed(ServingError):
    """No such model or route in the caller's tenant (also the answer for another tenant's names)."""

    status = 404


class Refused(ServingError):
    """The request clashes with what is loaded (409), e.g. a sha256 mismatch or a route to an unloaded model."""

    status = 409


class TooLarge(ServingError):
    status = 413


class UnsupportedEncoding(ServingError):
    status = 415


class InferenceFailed(ServingError):
    """The model itself failed on a valid request."""

    status = 500


class Unavailable(ServingError):
    """Postgres or S3 did not answer; try again."""

    status = 503
