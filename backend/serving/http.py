"""HTTP plumbing of the model server: bodies under a size limit, errors as `{"error": ...}`."""

from __future__ import annotations

import functools
import logging
import zlib
from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from backend.serving.errors import BadRequest, ServingError, TooLarge, UnsupportedEncoding

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]


def json_response(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type="application/json")


def error_response(error: ServingError) -> Response:
    headers = {"Retry-After": "5"} if error.status == 503 else None
    if error.status == 401:
        headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    return json_response({"error": error.message}, error.status, headers)


def answers_errors(endpoint: Endpoint) -> Endpoint:
    """Serving errors become their status and sentence; anything else a logged 500 that says so."""

    @functools.wraps(endpoint)
    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ServingError as exc:
            return error_response(exc)
        except Exception:
            log.exception("model server request failed", extra={"path": request.url.path})
            return json_response({"error": "The model server failed on this request; its log has the details."}, 500)

    return wrapped


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it declares or sends more than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(
            f"The request body is {declared} bytes; the model server accepts at most {limit} "
            "(SLIPWAY_SERVE_MAX_REQUEST_BYTES)."
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                f"The request body passed {limit} bytes, the most the model server accepts "
                "(SLIPWAY_SERVE_MAX_REQUEST_BYTES)."
            )
        chunks.append(chunk)
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    encoding = request.headers.get("content-encoding", "identity").lower()
    if encoding == "identity":
        return body
    if encoding not in ("gzip", "deflate"):
        raise UnsupportedEncoding(f"Content-Encoding {encoding} is not supported; send identity, gzip or deflate.")
    return _inflate(body, encoding, limit)


def _inflate(body: bytes, encoding: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31 if encoding == "gzip" else 15)
    try:
        data = inflater.decompress(body, limit + 1)  # never more than the limit, however well it compresses
    except zlib.error as exc:
        raise BadRequest(f"The {encoding} body cannot be decompressed: {exc}.") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise TooLarge(f"The decompressed body passes {limit} bytes, the most the model server accepts.")
    return data


def header_length(request: Request) -> int | None:
    value = request.headers.get("inference-header-content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"Inference-Header-Content-Length must be an integer, got {value!r}.") from None
