"""The studio's server refuses what a hostile page or a stray request could try.

A real ``studio`` process on a temporary folder, spoken to with raw HTTP so the Host and
Origin headers are exactly what an attacker's browser would send.
"""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from simulator.paths import SCENARIOS_DIR
from tests.studio.studio_process import running_studio


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("studio-security")
    folder = root / "calls"
    folder.mkdir()
    shutil.copy(SCENARIOS_DIR / "late_refund.yaml", folder / "late_refund.yaml")
    (root / "secret.yaml").write_text("id: secret\n", encoding="utf-8")
    (folder / "escape.yaml").symlink_to(root / "secret.yaml")
    with running_studio(folder) as url:
        yield url, folder


def request(
    url: str,
    path: str,
    *,
    method: str = "GET",
    host: str | None = None,
    origin: str | None = None,
    body: object = None,
) -> tuple[int, str]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host if host is not None else parts.netloc)
    if origin is not None:
        conn.putheader("Origin", origin)
    data = b""
    if body is not None:
        data = json.dumps(body).encode()
        conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    resp = conn.getresponse()
    text = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, text


def token_path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def test_the_page_and_its_files_answer_with_the_token(studio: tuple[str, Path]) -> None:
    url, _ = studio
    base = token_path(url)
    status, text = request(url, base + "/")
    assert status == 200 and "<title>Scenario Studio" in text
    status, text = request(url, base + "/api/files")
    assert status == 200 and json.loads(text)["files"] == ["late_refund.yaml"]
    status, text = request(url, base + "/static/studio.js")
    assert status == 200


@pytest.mark.parametrize("path", ["/", "/api/files", "/static/studio.js", "/x/api/files"])
def test_no_token_is_refused(studio: tuple[str, Path], path: str) -> None:
    url, _ = studio
    status, text = request(url, path)
    assert status == 403 and "token" in text


def test_a_wrong_token_is_refused(studio: tuple[str, Path]) -> None:
    url, _ = studio
    base = token_path(url)
    status, _ = request(url, base[:-1] + ("A" if base[-1] != "A" else "B") + "/api/files")
    assert status == 403
    status, _ = request(url, base + "x/api/files")  # the token followed by more characters
    assert status == 403


@pytest.mark.parametrize(
    "host", ["evil.example:80", "evil.example", "127.0.0.1", "127.0.0.1:1", "localhost.evil:1"]
)
def test_a_foreign_host_is_refused(studio: tuple[str, Path], host: str) -> None:
    url, _ = studio
    status, text = request(url, token_path(url) + "/api/files", host=host)
    assert status == 403 and "host" in text


def test_localhost_at_the_right_port_is_the_same_studio(studio: tuple[str, Path]) -> None:
    url, _ = studio
    port = urlsplit(url).port
    status, _ = request(url, token_path(url) + "/api/files", host=f"localhost:{port}")
    assert status == 200


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1"]
)
def test_a_foreign_origin_is_refused(studio: tuple[str, Path], origin: str) -> None:
    url, folder = studio
    before = (folder / "late_refund.yaml").read_bytes()
    status, text = request(
        url,
        token_path(url) + "/api/new",
        method="POST",
        origin=origin,
        body={"id": "planted", "kind": "irate"},
    )
    assert status == 403 and "origin" in text
    assert not (folder / "planted.yaml").exists()
    assert (folder / "late_refund.yaml").read_bytes() == before


def test_its_own_origin_may_write(studio: tuple[str, Path]) -> None:
    url, folder = studio
    parts = urlsplit(url)
    status, text = request(
        url,
        token_path(url) + "/api/new",
        method="POST",
        origin=f"http://{parts.netloc}",
        body={"id": "own_origin", "kind": "irate"},
    )
    assert status == 200, text
    assert (folder / "own_origin.yaml").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "../secret.yaml",
        "sub/../../secret.yaml",
        "/etc/passwd",
        "escape.yaml",  # a symlink out of the folder
        "late_refund.py",
        ".studio/lock",
        "..%2Fsecret.yaml",
    ],
)
def test_a_path_outside_the_folder_is_refused(studio: tuple[str, Path], name: str) -> None:
    url, folder = studio
    from urllib.parse import quote

    status, text = request(url, token_path(url) + "/api/file?name=" + quote(name, safe=""))
    assert status in (403, 404), text
    assert "secret" not in text.split("error")[-1] or status == 403
    assert '"id": "secret"' not in text and "root:" not in text
    status, _ = request(
        url,
        token_path(url) + "/api/save",
        method="POST",
        body={"name": name, "data": {"id": "x"}, "base": ""},
    )
    assert status in (403, 404)
    assert (folder.parent / "secret.yaml").read_text(encoding="utf-8") == "id: secret\n"


def test_the_listing_leaves_out_a_symlink_out_of_the_folder(studio: tuple[str, Path]) -> None:
    url, _ = studio
    status, text = request(url, token_path(url) + "/api/files")
    assert status == 200 and "escape.yaml" not in json.loads(text)["files"]


def test_static_files_cannot_climb_out(studio: tuple[str, Path]) -> None:
    url, _ = studio
    status, text = request(url, token_path(url) + "/static/../app.py")
    assert status in (403, 404) and "build_app" not in text
    status, text = request(url, token_path(url) + "/static/%2e%2e/app.py")
    assert status in (403, 404) and "build_app" not in text
