"""The production files in deploy/ are what README says and what the drills run."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from ..platform.test_pages_and_headers import PRODUCTION_ENV, run_manage

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"


def exec_lines() -> dict[str, list[str]]:
    found = {}
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
        found[unit.name] = shlex.split(line.removeprefix("ExecStart="))
    return found


def test_every_unit_runs_a_program_of_the_project_from_its_checkout():
    units = exec_lines()
    assert set(units) == {
        "pace-web.service",
        "pace-worker@.service",
        "pace-beat.service",
        "pace-backup.service",
    }
    for name, command in units.items():
        program = Path(command[0])
        assert program.parts[:3] == ("/", "srv", "pace"), name
        assert (ROOT / program.relative_to("/srv/pace")).name in {"gunicorn", "celery", "python"}
        assert (ROOT / ".venv/bin" / program.name).exists(), f"{name}: {program.name} missing"
        for argument in command[1:]:
            if argument.endswith((".py", ".conf.py")):
                assert (ROOT / argument).exists(), f"{name}: {argument} missing"


def test_the_units_run_the_commands_the_drills_run():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from drills.stack import WEB_COMMAND, WORKER_COMMAND
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    units = exec_lines()
    assert units["pace-web.service"][1:] == WEB_COMMAND[1:]
    worker = units["pace-worker@.service"]
    assert worker[1 : len(WORKER_COMMAND)] == WORKER_COMMAND[1:]
    assert units["pace-backup.service"][-2:] == ["manage.py", "backup"]


@pytest.mark.processes
def test_gunicorn_accepts_its_settings_and_loads_the_project():
    result = run_manage(PRODUCTION_ENV, "check")  # the environment the check below needs works
    assert result.returncode == 0, result.stderr
    checked = subprocess.run(
        [str(ROOT / ".venv/bin/gunicorn"), "--check-config", "-c", "deploy/gunicorn.conf.py"]
        + ["pace_site.wsgi"],
        cwd=ROOT,
        env={**PRODUCTION_ENV, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_proxy_refuses_the_same_body_sizes_as_the_app():
    nginx = (DEPLOY / "nginx.conf").read_text()
    sizes = [int(x) for x in re.findall(r"client_max_body_size (\d+)m;", nginx)]
    assert sizes == [
        settings.MAX_REQUEST_BODY // (1024 * 1024),
        settings.MAX_ADMIN_REQUEST_BODY // (1024 * 1024),
    ]
    assert "proxy_set_header X-Request-ID $request_id;" in nginx
    assert "/media/documents/" not in nginx.replace("Never /media/documents/", "")


def test_the_release_script_is_valid_shell_and_migrates_before_restarting():
    script = (DEPLOY / "release.sh").read_text()
    assert subprocess.run(["bash", "-n", str(DEPLOY / "release.sh")]).returncode == 0
    assert script.index("migrate --noinput") < script.index("systemctl reload pace-web")
    assert "check --deploy" in script
