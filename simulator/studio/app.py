"""The studio's web application: the page, its static files and a small JSON API.

Starlette (a small, well-kept ASGI toolkit) serves it under uvicorn; every request passes the
``Guard`` first. The API reads and writes only through ``Folder``, so no name the page sends can
reach a file outside the studio's folder.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from simulator.analysis.deviations import deviation_report
from simulator.analysis.stats import analyse
from simulator.engine.conversation import EngineError
from simulator.paths import SCENARIO_SCHEMA
from simulator.scenario.model import DIFFICULTIES, KINDS, OUTCOMES
from simulator.scenario.starter import ID_PATTERN, starter_yaml
from simulator.studio.checking import Rubrics, check_data, check_text
from simulator.studio.folder import Conflict, Folder, OutsideFolder
from simulator.studio.guard import Guard
from simulator.studio.playing import Plays
from simulator.studio.roundtrip import Document, RoundTripError

STATIC = Path(str(files("simulator.studio") / "static"))
Handler = Callable[[Request], Awaitable[Response]]


class Studio:
    """The state behind the API: the folder, rubrics read so far, calls being played."""

    def __init__(self, root: Path) -> None:
        self.folder = Folder(root)
        self.rubrics = Rubrics()
        self.plays = Plays()
        # Round-trip documents read in the background, by file: (version, (document, exact)).
        self._docs: dict[str, tuple[str, Future[tuple[Document, bool]]]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-roundtrip")

    # --- reading ---------------------------------------------------------------------------

    def open_file(self, name: str) -> dict[str, Any]:
        """Everything the page needs to show one file: data, problems, layout, or why it is read-only."""
        snap = self.folder.read(name)
        path = self.folder.resolve(name)
        base: dict[str, Any] = {"name": name, "version": snap.version, "text": snap.text}
        # Read with the validator's own (fast, C-backed) loader; ruamel.yaml, which saving needs,
        # reads the file meanwhile in the background, as it is many times slower on a long call.
        found = check_text(snap.text, path, self.rubrics)
        problems = found.checked.problems
        if (
            found.unreadable
            or found.data is None
            or any(p["rule"] in UNREADABLE_RULES for p in problems)
        ):
            if not problems:
                problems = [_parse_problem("the file is not a mapping of keys to values")]
            return base | {"editable": False, "problems": problems}
        self._prepare(name, snap.version, snap.text)
        return base | {
            "editable": True,
            "data": found.data,
            "problems": problems,
            "layout": self.folder.read_layout(name),
            "rubric": self.rubric_info(path),
        }

    def _prepare(self, name: str, version: str, text: str) -> None:
        """Start reading ``text`` for round-trip saving, unless that version is already read."""
        known = self._docs.get(name)
        if known is None or known[0] != version:
            self._docs[name] = (version, self._pool.submit(_read_document, text))

    def _document(self, name: str, version: str, text: str) -> Document:
        """The round-trip document of ``name`` at ``version`` (read now if not read already)."""
        known = self._docs.get(name)
        if known is not None and known[0] == version:
            return known[1].result()[0]
        return Document(text)

    def exact(self, name: str, version: str | None) -> bool | None:
        """Whether saving keeps the untouched lines of ``name`` exactly (None: not known yet)."""
        known = self._docs.get(name)
        if known is None or known[0] != version or not known[1].done():
            return None
        try:
            return known[1].result()[1]
        except RoundTripError:
            return False

    def rubric_info(self, path: Path) -> dict[str, Any]:
        """Principles and critical errors of the file's rubric, for the editor's fields."""
        rubric, _ = self.rubrics.for_file(path)
        if rubric is None:
            return {"principles": [], "critical_errors": []}
        return {
            "principles": list(rubric.principles),
            "critical_errors": list(rubric.critical_errors),
        }

    def check(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """Problems of the page's current (unsaved) data."""
        started, cpu = time.perf_counter(), time.thread_time()
        checked = check_data(data, self.folder.resolve(name), self.rubrics)
        return {
            "problems": checked.problems,
            "ms": (time.perf_counter() - started) * 1000,
            "cpu_ms": (time.thread_time() - cpu)
            * 1000,  # this check's own work, however busy the machine
        }

    def stats(self, name: str, data: dict[str, Any], deviations: bool) -> dict[str, Any]:
        """``stats`` figures of the page's data (when it has no errors); deviations when asked.

        Deviations replay the whole call once per choice off the best route: quick on a
        shipped call, minutes on a call of hundreds of nodes, so the page asks for them.
        """
        checked = check_data(data, self.folder.resolve(name), self.rubrics)
        if checked.scenario is None or checked.rubric is None:
            return {"ok": False, "reason": "fix the errors first: stats need a playable call"}
        found = analyse(checked.scenario, checked.rubric).to_dict()
        found_deviations = (
            deviation_report(checked.scenario, checked.rubric).to_dict()["deviations"]
            if deviations
            else None
        )
        return {
            "ok": True,
            "paths": found["paths"],
            "shortest": found["shortest"],
            "longest": found["longest"],
            "principles": found["principles"],
            "best": found["best"],
            "worst": found["worst"],
            "pass_mark": found["pass_mark"],
            "dominated": found["dominated"],
            "deviations": found_deviations,
        }

    # --- writing ---------------------------------------------------------------------------

    def save(self, name: str, data: dict[str, Any], base: str) -> dict[str, Any]:
        """Merge the page's data into the file as last read and write it if nobody changed it since."""
        snap = self.folder.read(name)
        if snap.version != base:
            raise Conflict(f"{name} changed on disk since the studio read it; nothing was written")
        doc = self._document(name, base, snap.text)
        self._docs.pop(name, None)  # the merge below changes it: never reuse it for ``base``
        text = doc.apply(data)
        path = self.folder.resolve(name)
        # Read back by the validator's loader before anything is written: refused, not written,
        # if it would not be YAML or not read back as exactly what the page holds.
        found = check_text(text, path, self.rubrics)
        if found.unreadable:
            reason = found.checked.problems[0]["message"] if found.checked.problems else "?"
            raise RoundTripError(
                f"the edit would not be valid YAML ({reason}); nothing was written"
            )
        if found.data != data:
            raise RoundTripError("the edit would not read back as written; nothing was written")
        version = self.folder.write(name, text, base)
        self._docs[name] = (version, _done((doc, True)))
        return {"version": version, "text": text, "problems": found.checked.problems}

    def new_call(self, scenario_id: str, kind: str, difficulty: str, template: str) -> str:
        """Write ID.yaml from the template of ``new`` for ``kind`` (or a blank call); its name."""
        if not ID_PATTERN.match(scenario_id):
            raise ValueError(
                f"'{scenario_id}' is not a valid id: lower-case letters, digits and _, starting with a letter"
            )
        if kind not in KINDS:
            raise ValueError(f"unknown kind '{kind}'")
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty '{difficulty}'")
        name = f"{scenario_id}.yaml"
        ref = SCENARIO_SCHEMA.resolve().as_uri()
        if template == "blank":
            text = BLANK.format(ref=ref, id=scenario_id, kind=kind, difficulty=difficulty)
        else:
            text = starter_yaml(scenario_id, kind, difficulty, schema_ref=ref, shown_path=name)
        self.folder.write(name, text, None)
        return name


def _read_document(text: str) -> tuple[Document, bool]:
    doc = Document(text)
    return doc, doc.exact()


def _done(value: tuple[Document, bool]) -> Future[tuple[Document, bool]]:
    future: Future[tuple[Document, bool]] = Future()
    future.set_result(value)
    return future


# A call with the least a scenario needs, for a trainer who wants to build from nothing.
BLANK = """\
# yaml-language-server: $schema={ref}
id: {id}
title: "A new call"
summary: "One line for the picker: who calls and what they need."
kind: {kind}
difficulty: {difficulty}
teaches: [listening]

persona:
  name: "Sam Taylor"
  mood: -20
  patience: 60

start: opening

nodes:
  opening:
    say: "Hello?"
    choices:
      - text: "Hello, you're through to the help desk. How can I help?"
        effects: {{listening: 1}}
        feedback: "A plain, friendly greeting."
        next: resolved

endings:
  resolved:
    outcome: resolved
    summary: "The customer got what they needed."
"""

# Findings that mean the loader could not read the document at all: such a file is shown
# read-only with its problems, to be fixed in a text editor.
UNREADABLE_RULES = frozenset({"yaml-syntax", "not-utf8", "too-deep", "not-a-mapping", "empty-file"})


def _parse_problem(message: str) -> dict[str, Any]:
    return {
        "severity": "error",
        "message": message,
        "rule": "yaml-syntax",
        "path": [],
        "line": None,
    }


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _api(handler: Callable[[Request], Awaitable[Any]]) -> Handler:
    """An endpoint answering with ``handler``'s data as JSON, and each known failure as its status."""

    async def endpoint(request: Request) -> Response:
        try:
            return JSONResponse(await handler(request))
        except OutsideFolder as exc:
            return _error(403, str(exc))
        except FileNotFoundError:
            return _error(404, "no such file in the studio's folder")
        except Conflict as exc:
            return _error(409, str(exc), conflict=True)
        except (RoundTripError, EngineError, ValueError, KeyError, TypeError) as exc:
            return _error(422, str(exc))

    return endpoint


async def _body(request: Request) -> dict[str, Any]:
    """The request's JSON body, which must be an object."""
    data = await request.json()
    if not isinstance(data, dict):
        raise TypeError("the request body must be a JSON object")
    return data


async def _index(request: Request) -> Response:
    """The page itself (its folder URL always ends in '/', so relative links resolve)."""
    if not request.url.path.endswith("/"):
        return RedirectResponse(request.url.path + "/")
    return FileResponse(STATIC / "index.html", headers={"cache-control": "no-store"})


class _Endpoints:
    """The page's API over one studio: each method answers one request with JSON-able data."""

    def __init__(self, studio: Studio) -> None:
        self.studio = studio

    async def list_files(self, request: Request) -> dict[str, Any]:
        """The folder, its calls, and the format's fixed choices for the page's menus."""
        return {
            "folder": str(self.studio.folder.root),
            "files": self.studio.folder.names(),
            "kinds": list(KINDS),
            "difficulties": list(DIFFICULTIES),
            "outcomes": list(OUTCOMES),
        }

    async def get_file(self, request: Request) -> dict[str, Any]:
        """One call, opened for editing."""
        return await run_in_threadpool(self.studio.open_file, request.query_params.get("name", ""))

    async def get_version(self, request: Request) -> dict[str, Any]:
        """The file's version on disk, to notice edits made elsewhere, and whether saving is exact."""
        name = request.query_params.get("name", "")
        version = self.studio.folder.version(name)
        return {"version": version, "exact": self.studio.exact(name, version)}

    async def post_check(self, request: Request) -> dict[str, Any]:
        """The problems of the call as edited."""
        b = await _body(request)
        return await run_in_threadpool(self.studio.check, str(b["name"]), dict(b["data"]))

    async def post_stats(self, request: Request) -> dict[str, Any]:
        """The stats of the call as edited."""
        b = await _body(request)
        return await run_in_threadpool(
            self.studio.stats, str(b["name"]), dict(b["data"]), bool(b.get("deviations"))
        )

    async def post_save(self, request: Request) -> dict[str, Any]:
        """Save the call, unless the file changed since ``base``."""
        b = await _body(request)
        return await run_in_threadpool(
            self.studio.save, str(b["name"]), dict(b["data"]), str(b["base"])
        )

    async def post_layout(self, request: Request) -> dict[str, Any]:
        """Keep where the author put each box on the map."""
        b = await _body(request)
        positions = {str(k): [float(v[0]), float(v[1])] for k, v in dict(b["positions"]).items()}
        self.studio.folder.write_layout(str(b["name"]), positions)
        return {"ok": True}

    async def post_new(self, request: Request) -> dict[str, Any]:
        """A new call from one of the 'new' templates."""
        b = await _body(request)
        name = self.studio.new_call(
            str(b["id"]),
            str(b["kind"]),
            str(b.get("difficulty", "easy")),
            str(b.get("template", "starter")),
        )
        return {"name": name}

    async def post_play(self, request: Request) -> dict[str, Any]:
        """Start playing the call as edited, on the real engine."""
        b = await _body(request)
        name = str(b["name"])
        studio = self.studio
        checked = check_data(dict(b["data"]), studio.folder.resolve(name), studio.rubrics)
        if checked.scenario is None or checked.rubric is None:
            raise ValueError("the call has errors; fix them (see Problems) before playing it")
        return studio.plays.start(checked.scenario, checked.rubric, b.get("start"))

    async def post_choose(self, request: Request) -> dict[str, Any]:
        """Take a choice in a call being played."""
        b = await _body(request)
        return self.studio.plays.choose(str(b["session"]), int(b["number"]))


def build_app(root: Path, token: str, port: int) -> Guard:
    """The guarded ASGI application for the folder ``root``."""
    e = _Endpoints(Studio(root))
    routes = [
        Route("/", _index),
        Route("/api/files", _api(e.list_files)),
        Route("/api/file", _api(e.get_file)),
        Route("/api/version", _api(e.get_version)),
        Route("/api/check", _api(e.post_check), methods=["POST"]),
        Route("/api/stats", _api(e.post_stats), methods=["POST"]),
        Route("/api/save", _api(e.post_save), methods=["POST"]),
        Route("/api/layout", _api(e.post_layout), methods=["POST"]),
        Route("/api/new", _api(e.post_new), methods=["POST"]),
        Route("/api/play", _api(e.post_play), methods=["POST"]),
        Route("/api/choose", _api(e.post_choose), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Guard(Starlette(routes=routes), token, port)
