"""The Scenario Studio driven in a real headless chromium, as a trainer would use it.

One studio process and one browser for the whole module (starting chromium is the slow part);
the tests run in file order and build on each other: the call built in the first is renamed,
broken and played in the next ones. Files are checked with the real ``validate --strict`` and
``play --choices`` commands. With STUDIO_DOC_SCREENSHOTS=DIR set, the screenshots are also
saved there (docs/screenshots for docs/studio.md).
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from simulator.paths import PROJECT_ROOT, SCENARIOS_DIR
from simulator.scenario.starter import SCHEMA_HINT, schema_link
from tests.studio.studio_process import running_studio

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


class Page:
    """The studio page in the browser, with the few moves a trainer makes."""

    def __init__(self, driver: WebDriver, url: str, folder: Path, shots: Path) -> None:
        self.d = driver
        self.url = url
        self.folder = folder
        self.shots = shots

    def wait(self, cond: Callable[[WebDriver], Any], timeout: float = 20) -> Any:
        # The page redraws the panel and the map after each check: an element found a moment
        # ago may be gone, so a lookup is simply tried again.
        ignored = (StaleElementReferenceException, NoSuchElementException)
        return WebDriverWait(self.d, timeout, ignored_exceptions=ignored).until(cond)

    def find(self, css: str) -> WebElement:
        return self.wait(lambda d: d.find_element(By.CSS_SELECTOR, css))

    def click(self, css: str) -> None:
        """Click ``css``, finding it again if the page redrew it in between (the map redraws after every check)."""

        def clicked(d: WebDriver) -> bool:
            try:
                d.find_element(By.CSS_SELECTOR, css).click()
            except (StaleElementReferenceException, NoSuchElementException):
                return False
            return True

        self.wait(clicked)

    def type_into(self, css: str, text: str) -> None:
        """Replace a field's text by typing (select all, then type), as a person would."""
        field = self.find(css)
        field.click()
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        field.send_keys(text)

    def choose(self, css: str, value: str) -> None:
        Select(self.find(css)).select_by_value(value)

    def box(self, node_id: str) -> None:
        """Select a node or ending on the map."""
        self.click(f'#map .box[data-id="{node_id}"]')
        self.wait(lambda d: d.find_element(By.ID, "item-id").get_attribute("value") == node_id)

    def choice(self, index: int, field: str) -> str:
        return f'#editor [data-field="choices.{index}.{field}"]'

    def rename(self, new_id: str) -> None:
        self.type_into("#item-id", new_id)
        self.find("#item-id").send_keys(Keys.TAB)
        self.wait(lambda d: d.find_element(By.ID, "item-id").get_attribute("value") == new_id)

    def fill_choice(
        self, index: int, text: str, feedback: str, effects: dict[str, int], next_id: str
    ) -> None:
        self.type_into(self.choice(index, "text"), text)
        self.type_into(self.choice(index, "feedback"), feedback)
        for name, value in effects.items():
            self.type_into(self.choice(index, f"effects.{name}"), str(value))
        if next_id:
            self.choose(self.choice(index, "next"), next_id)

    def problems_clean(self) -> None:
        try:
            self.wait(lambda d: "none" in d.find_element(By.ID, "problems-count").text, timeout=30)
        except TimeoutException:
            raise AssertionError("problems left: " + self.find("#problems").text) from None

    def save(self) -> None:
        self.click("#save")
        self.wait(lambda d: d.find_element(By.ID, "status").text.startswith("Saved"))

    def open_file(self, name: str) -> None:
        self.wait(lambda d: name in d.find_element(By.ID, "file").text, timeout=30)
        self.choose("#file", name)
        self.wait(lambda d: name in d.find_element(By.ID, "status").text)

    def screenshot(self, name: str) -> None:
        path = self.shots / name
        self.d.save_screenshot(str(path))
        assert path.stat().st_size > 10_000, f"{name} looks empty"
        wanted = os.environ.get("STUDIO_DOC_SCREENSHOTS")
        if wanted:
            Path(wanted).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(wanted) / name)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    folder = tmp_path_factory.mktemp("studio-browser")
    shots = tmp_path_factory.mktemp("studio-shots")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,900"):
        options.add_argument(arg)
    with running_studio(folder) as url:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.get(url)
            WebDriverWait(driver, 20).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready")
            )
            yield Page(driver, url, folder, shots)
        finally:
            driver.quit()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ending_of(path: Path, choices: str) -> str:
    played = cli("play", str(path), "--json", "--in-order", "--choices", choices)
    assert played.returncode == 0, played.stderr
    return str(json.loads(played.stdout)["ending"])


def test_build_a_three_node_call_from_an_empty_folder(page: Page) -> None:
    assert page.find("#file").text.startswith("(no calls yet")
    page.click("#new-call")
    page.type_into("#new-id", "first_call")
    page.choose("#new-kind", "confused")
    page.choose("#new-template", "blank")
    page.click("#new-create")
    page.find('#map .box[data-id="opening"]')

    # The opening, then a new node straight from its first choice's "goes to".
    page.box("opening")
    page.type_into('#editor [data-field="say.0"]', "Hello? My internet has stopped working.")
    page.choose(page.choice(0, "next"), "__new__")
    page.rename("details")
    page.type_into('#editor [data-field="say.0"]', "It just stopped this morning.")
    page.fill_choice(
        0, "Since this morning. Let me check the line.", "You repeated what she said.",
        {"listening": 2}, "__new__",
    )  # fmt: skip
    page.rename("wrap_up")
    page.type_into('#editor [data-field="say.0"]', "So is it fixed?")
    page.fill_choice(
        0, "Yes, I have reset it. It should work now.", "Clear and done.", {"resolution": 2},
        "resolved",
    )  # fmt: skip

    # A second ending for the bad answer.
    page.click("#add-ending")
    page.rename("hung_up")
    page.choose('#editor [data-field="outcome"]', "hung_up")
    page.type_into('#editor [data-field="say.0"]', "Forget it.")
    page.type_into('#editor [data-field="summary"]', "She gave up.")

    # Second choices everywhere, so every decision is a real one.
    page.box("wrap_up")
    page.click("#add-choice")
    page.fill_choice(1, "No idea, sorry.", "Leaves her stuck.", {"resolution": -2}, "hung_up")
    page.box("details")
    page.click("#add-choice")
    page.fill_choice(
        1, "Have you tried turning it off and on?", "A script, not a conversation.",
        {"empathy": -1}, "wrap_up",
    )  # fmt: skip
    page.box("opening")
    page.click("#add-choice")
    page.fill_choice(1, "What's your account number?", "Too quick.", {"listening": -1}, "details")

    page.problems_clean()
    page.save()
    saved = page.folder / "first_call.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert sorted(data["nodes"]) == ["details", "opening", "wrap_up"]
    assert sorted(data["endings"]) == ["hung_up", "resolved"]
    checked = cli("validate", "--strict", str(saved))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert ending_of(saved, "1,1,1") == "resolved"
    assert ending_of(saved, "1,1,2") == "hung_up"
    # The stats pane: the figures of `stats`, and the deviations on request.
    assert page.find("#stats-paths").text.startswith("8 path(s), 3 to 3 decisions")
    page.click("#stats-deviations")
    assert "fail the call" in page.find("#stats-deviation-count").text
    page.box("details")
    page.d.execute_script("document.querySelector('.side').scrollTop = 0")
    page.screenshot("studio-map.png")


def test_renaming_a_node_updates_every_reference(page: Page) -> None:
    page.box("details")
    page.rename("the_details")
    page.problems_clean()
    page.save()
    saved = page.folder / "first_call.yaml"
    text = saved.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "details" not in data["nodes"] and "the_details" in data["nodes"]
    nexts = [c["next"] for c in data["nodes"]["opening"]["choices"]]
    assert nexts == ["the_details", "the_details"]
    assert "next: details" not in text
    assert cli("validate", "--strict", str(saved)).returncode == 0


def test_a_broken_next_is_listed_and_selects_its_node_and_field(page: Page) -> None:
    page.box("wrap_up")
    page.click("#delete-item")
    problem = page.find('#problems .problem[data-rule="dangling-next"]')
    assert "wrap_up" in problem.text
    assert "has-error" in page.find('#map .box[data-id="the_details"]').get_attribute("class")
    page.click("#call-settings")  # select nothing, so the click below must do the selecting
    problem = page.find('#problems .problem[data-rule="dangling-next"]')
    problem.click()
    page.wait(lambda d: d.find_element(By.ID, "item-id").get_attribute("value") == "the_details")
    focused = page.d.switch_to.active_element
    assert focused.get_attribute("data-field") in ("choices.0.next", "choices.1.next")
    page.screenshot("studio-problem.png")
    # Undo brings the node back, and with it a clean check; nothing was saved meanwhile.
    page.click("#undo")
    page.find('#map .box[data-id="wrap_up"]')
    page.problems_clean()
    assert "wrap_up:" in (page.folder / "first_call.yaml").read_text(encoding="utf-8")
    # A node nothing leads to is marked unreachable on the map, from the validator's finding.
    page.click("#add-node")
    page.wait(
        lambda d: (
            "unreachable"
            in d.find_element(By.CSS_SELECTOR, '#map .box[data-id="node_1"]').get_attribute("class")
        )
    )
    page.click("#undo")
    page.problems_clean()


def test_a_moved_box_keeps_its_place_in_a_side_file(page: Page) -> None:
    box = page.find('#map .box[data-id="wrap_up"]')
    before = box.get_attribute("transform")
    ActionChains(page.d).click_and_hold(box).move_by_offset(40, 160).release().perform()
    side = page.folder / ".studio" / "first_call.yaml.layout.json"
    page.wait(lambda d: side.is_file())
    position = json.loads(side.read_text(encoding="utf-8"))["wrap_up"]
    assert page.find('#map .box[data-id="wrap_up"]').get_attribute("transform") != before
    assert "wrap_up" in (page.folder / "first_call.yaml").read_text(encoding="utf-8")
    assert ".studio" not in (page.folder / "first_call.yaml").read_text(encoding="utf-8")
    # Opened again, the box is where it was left.
    page.d.refresh()
    page.open_file("first_call.yaml")
    x, y = position
    assert (
        page.find('#map .box[data-id="wrap_up"]').get_attribute("transform")
        == f"translate({x:g} {y:g})"
    )


def test_the_play_pane_runs_the_engine_to_the_debrief(page: Page) -> None:
    page.click("#play-pane summary")
    page.click("#play-start")
    try:
        page.wait(lambda d: d.find_element(By.ID, "play-state").text.startswith("At opening"))
    except TimeoutException:
        raise AssertionError(page.find("#play-pane").text) from None
    for _ in range(10):
        state = page.find("#play-state").text
        if state.startswith("Ended"):
            break
        page.click("#play-choices .play-choice")
        # Each answer waits for the engine's next step before the next click.
        page.wait(lambda d, was=state: d.find_element(By.ID, "play-state").text != was)
    assert page.find("#play-state").text == "Ended: resolved"
    assert "Customer: Hello? My internet has stopped working." in page.find("#play-log").text
    assert page.find("#debrief").text.strip()
    page.screenshot("studio-play.png")


def test_editing_a_commented_shipped_call_changes_only_the_edited_lines(page: Page) -> None:
    for name in ("boiler_repair_booking.yaml", "boiler_repair_followup.yaml"):
        shutil.copy(SCENARIOS_DIR / name, page.folder / name)
        # a copy's relative schema link leads nowhere from here: repoint it as `validate` advises
        copied = page.folder / name
        rest = copied.read_text(encoding="utf-8").split("\n", 1)[1]
        link = SCHEMA_HINT + schema_link(copied)
        copied.write_text(f"{link}\n{rest}", encoding="utf-8")
    target = page.folder / "boiler_repair_followup.yaml"
    before = target.read_text(encoding="utf-8")
    page.open_file("boiler_repair_followup.yaml")
    page.problems_clean()  # part 2 of a story: flags part 1 sets (beside it) are no typos
    page.box("opening")
    page.d.execute_script("document.querySelector('.side').scrollTop = 0")
    page.screenshot("studio-shipped.png")
    field = page.find(page.choice(1, "text"))
    field.click()
    field.send_keys(Keys.END, " Thanks for holding.")
    page.type_into(page.choice(1, "effects.follow_up"), "2")
    page.save()
    after = target.read_text(encoding="utf-8")
    removed = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] == "- "
    ]
    added = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] == "+ "
    ]
    assert removed == [
        '-       - text: "I have. You had our call at nine with the window, and the engineer\'s been. How did it go?"',
        "-         effects: {listening: 1, follow_up: 1}",
    ]
    assert added == [
        "+       - text: \"I have. You had our call at nine with the window, and the engineer's been. "
        'How did it go? Thanks for holding."',
        "+         effects: {listening: 1, follow_up: 2}",
    ]
    assert cli("validate", "--strict", str(page.folder)).returncode == 0


def test_edits_made_in_a_text_editor_are_picked_up_and_a_conflict_is_never_overwritten(
    page: Page,
) -> None:
    target = page.folder / "boiler_repair_followup.yaml"
    text = target.read_text(encoding="utf-8")
    outside = text.replace("Tell me where things stand today", "Tell me where it stands now")
    target.write_text(outside, encoding="utf-8")
    page.wait(
        lambda d: (
            "Tell me where it stands now"
            in d.find_element(By.CSS_SELECTOR, '[data-field="choices.0.text"]').get_attribute(
                "value"
            )
        ),
    )
    # An unsaved edit here, then another change on disk: shown, and saving does not overwrite.
    page.type_into(page.choice(0, "feedback"), "Edited in the studio.")
    again = outside.replace("Tell me where it stands now", "Tell me, in short")
    target.write_text(again, encoding="utf-8")
    page.find("#banner-conflict")
    page.click("#save")
    page.wait(lambda d: "Conflict" in d.find_element(By.ID, "status").text)
    assert target.read_text(encoding="utf-8") == again
    page.click("#conflict-load")
    page.wait(
        lambda d: (
            "Tell me, in short"
            in d.find_element(By.CSS_SELECTOR, '[data-field="choices.0.text"]').get_attribute(
                "value"
            )
        ),
    )


def test_a_file_that_does_not_parse_opens_read_only_with_its_problems(page: Page) -> None:
    (page.folder / "broken.yaml").write_text(
        'id: broken\ntitle: "never closed\nnodes: {}\n', encoding="utf-8"
    )
    page.open_file("broken.yaml")
    box = page.find("#readonly")
    page.wait(lambda d: box.is_displayed())
    assert "Fix it in your editor" in box.text
    assert "line 2" in page.find("#readonly .readonly-problems").text
    page.screenshot("studio-readonly.png")
