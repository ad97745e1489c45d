"""The tools around the screen sweep: `make test` leaves it out, and the contact sheets hold
every screenshot with its name."""

import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scripts():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import run_tests
        import screens

        yield run_tests, screens
    finally:
        sys.path.remove(str(ROOT / "scripts"))


@pytest.mark.parametrize(
    ("given", "run"),
    [
        ([], ["-m", "not screens"]),
        (["-k", "outbox"], ["-m", "not screens", "-k", "outbox"]),
        (["-m", "not browser"], ["-m", "(not browser) and not screens"]),
        (["-mbrowser", "-x"], ["-m(browser) and not screens", "-x"]),
        (["-m", "screens", "-n", "2"], ["-m", "screens", "-n", "2"]),
    ],
)
def test_the_suite_leaves_the_sweep_out_unless_it_is_asked_for(scripts, given, run):
    run_tests, _screens = scripts
    assert run_tests.marker_expression(given) == run


def test_contact_sheets_hold_every_screenshot_a_few_to_a_sheet(scripts, tmp_path):
    _run_tests, screens = scripts
    shots = tmp_path / "screens" / "parent"
    shots.mkdir(parents=True)
    for n in range(7):
        Image.new("RGB", (390, 3000), "white").save(shots / f"page-{n}-390.png")
    Image.new("RGB", (1280, 500), "white").save(shots / "page-1280.png")

    made = screens.build(tmp_path / "screens", tmp_path / "sheets")

    assert [path.name for path in made] == [
        "parent-390-01.png",
        "parent-390-02.png",
        "parent-1280-01.png",
    ]
    with Image.open(made[0]) as sheet:  # 6 phone screenshots, 3 a row, cut to 1.5 screens
        assert sheet.width < 3 * 390 and sheet.height < 2 * 844 * 1.5
