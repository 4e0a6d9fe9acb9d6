"""Structured logging: one JSON object per line, and the security events the platform records.

`JsonFormatter` turns every record into one line with the time, level, event, the member and
address behind the request, and whatever the caller passed as `extra` (so the moderation log in
examples/services.py lands with its action, moderator and object). Keys that look like secrets
are never written, whatever their value.

The receivers in partnership/signals.py write one record per security event through
`log_event`: a successful login, a failed one, a lockout (and each attempt refused during the
cool-off), a logout. The error views in partnership/errors.py log 403/404/CSRF failures and
database outages the same way.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.utils.functional import empty

from partnership.addresses import client_address

if TYPE_CHECKING:
    from django.http import HttpRequest

security_log = logging.getLogger("partnership.security")

# The request being served on this thread or task, so records written deep inside a service
# still say who and from where (set by partnership.middleware.RequestLogContextMiddleware).
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)

# Attribute names every LogRecord has; anything else on a record came in through `extra`.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}
# Never written, whatever the value: a stray `extra={"password": ...}` must not reach a log file.
SENSITIVE_KEY = re.compile(
    r"pass|secret|token|key|cookie|authori[sz]ation|credential|session|csrf|signature", re.I
)
_SCALARS = (str, int, float, bool, type(None))


def loaded_user_id(request: HttpRequest) -> int | None:
    """The signed-in member's id, only if the request already loaded them (never a query)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def request_fields(request: HttpRequest) -> dict[str, Any]:
    return {
        "user": loaded_user_id(request),
        "address": client_address(request),
        "method": request.method,
        "path": request.path,
    }


def log_event(
    event: str, *, request: HttpRequest | None = None, level: int = logging.INFO, **fields: Any
) -> None:
    """Write one security record: `event` names it, `fields` add the object, reason, and so on."""
    data: dict[str, Any] = {"event": event}
    if request is not None:
        data.update(request_fields(request))
    data.update(fields)
    security_log.log(level, event, extra=data)


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    token = current_request.set(request)
    try:
        yield
    finally:
        current_request.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if not SENSITIVE_KEY.search(str(k))}
    return str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event, message, user, address, extras."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "event": getattr(record, "event", None) or "log",
            "message": message,
        }
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in entry or key.startswith("_"):
                continue
            if SENSITIVE_KEY.search(key):
                continue
            if key == "request":
                # Django's request logger passes the request itself; keep only where it went.
                entry.setdefault("method", getattr(value, "method", None))
                entry.setdefault("path", getattr(value, "path", None))
                continue
            entry[key] = _jsonable(value)
        request = current_request.get()
        if request is not None:
            for key, value in request_fields(request).items():
                if entry.get(key) is None:
                    entry[key] = value
        if record.exc_info:
            entry["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
