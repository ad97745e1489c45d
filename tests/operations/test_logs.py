"""Logs: one JSON object per line in production with the request id; readable in development;
tokens and addresses taken out either way."""

import json

import pytest

from ..platform.test_pages_and_headers import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.processes

LOG_A_LINE = (
    "import logging; logging.getLogger('pace.drill').warning("
    "'Could not send to sam.parent@example.org via /join/invitation/abc123secret/')"
)


def test_production_logs_are_json_lines_without_addresses_or_tokens():
    result = run_manage(PRODUCTION_ENV, "shell", "-c", LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "pace.drill"
    assert line["request_id"] == "-"
    assert "time" in line
    assert "sam.parent" not in result.stderr and "abc123secret" not in result.stderr
    assert line["message"] == "Could not send to [address] via /join/invitation/[redacted]/"


def test_a_person_can_ask_for_readable_lines_in_production():
    result = run_manage({**PRODUCTION_ENV, "LOG_FORMAT": "readable"}, "shell", "-c", LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert " WARNING pace.drill [-] Could not send to [address]" in last
