"""One request id through the web process and every task the request queues, in every log line.

The id comes from the proxy's `X-Request-ID` when it is a plain token (so the proxy's access log
and ours match), or is made here; it is sent back in the response's `X-Request-ID` header, passed
to Celery in the task message's headers, and added to every log record by `RequestIdFilter`.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
TASK_HEADER = "pace_request_id"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current: ContextVar[str] = ContextVar("request_id", default="-")


def new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _ACCEPTED.match(given) else new_id()
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside any request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


def add_to_task_message(headers: dict | None = None, **kwargs) -> None:
    """`before_task_publish`: carry the current request id in the task message."""
    request_id = current.get()
    if headers is not None and request_id != "-":
        headers[TASK_HEADER] = request_id


def take_from_task_message(task=None, **kwargs) -> None:
    """`task_prerun`: log the task's lines under the id of the request that queued it, or a new
    one for tasks that beat sent."""
    request = getattr(task, "request", None)
    given = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    current.set(given if isinstance(given, str) and _ACCEPTED.match(given) else new_id())


def forget_after_task(**kwargs) -> None:
    current.set("-")
