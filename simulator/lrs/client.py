"""Talking xAPI to a Learning Record Store over HTTP, with the standard library only (urllib).

The game gains no dependency for this: urllib speaks HTTPS with the system's certificates, which
is all a Statements resource needs. Every failure becomes an ``LrsError`` whose message says
what happened in plain words and what to fix; ``refused`` marks the answers that will never
change by sending the same statements again (the LRS read them and said no).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from simulator.lrs.config import LrsConfig

XAPI_VERSION = "1.0.3"
WAIT_LATER = "; calls wait on this computer and are sent later"
# Answers that say "this statement will never be accepted": the batch is split to find which.
REFUSED = frozenset({400, 409, 413, 422})


class LrsError(Exception):
    """A request to the LRS that did not succeed; the message says what to fix."""

    def __init__(self, message: str, status: int | None = None, refused: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.refused = refused


def _headers(config: LrsConfig, body: bool) -> dict[str, str]:
    headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
    if body:
        headers["Content-Type"] = "application/json"
    if config.username or config.password:
        pair = f"{config.username}:{config.password}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    return headers


def _detail(error: urllib.error.HTTPError) -> str:
    """The LRS's own words for a refusal (its JSON 'detail' or 'message'), short."""
    try:
        text = error.read(4000).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[:200]
    if isinstance(data, dict):
        for key in ("detail", "message", "error"):
            if key in data:
                return _validation_errors(data[key]) or str(data[key])[:300]
    return str(data)[:300]


def _validation_errors(detail: object) -> str:
    """A validation report (a list of {loc, msg}, as FastAPI-based LRSs send) as 'actor: Field required'."""
    if not isinstance(detail, list):
        return ""
    said = []
    for item in detail[:3]:
        if isinstance(item, dict) and "msg" in item:
            # loc starts with where the LRS read it ('body', index in the batch): the field is the rest
            loc = [str(x) for x in item.get("loc", []) if not isinstance(x, int) and x != "body"]
            said.append(f"{'.'.join(loc) or 'statement'}: {item['msg']}")
    more = f" (and {len(detail) - 3} more)" if len(detail) > 3 else ""
    return "; ".join(said) + more


def _http_error(error: urllib.error.HTTPError, config: LrsConfig, url: str) -> LrsError:
    status = error.code
    detail = _detail(error)
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        where = config.source if config.source and config.source != "--lrs" else "lrs.toml"
        return LrsError(
            f"the LRS at {config.endpoint} refused the user name or password (HTTP {status}); "
            f"check username and password in {where}",
            status,
        )
    if status == 404:
        return LrsError(
            f"there is no xAPI statements resource at {url} (HTTP 404); check the LRS address "
            "(it usually ends in /xAPI/ or /data/xAPI/)",
            status,
        )
    if status in REFUSED:
        return LrsError(f"the LRS refused the statement (HTTP {status}{said})", status, True)
    if status == 429 or status >= 500:
        return LrsError(
            f"the LRS at {config.endpoint} had a problem (HTTP {status}{said}); it is tried again later",
            status,
        )
    return LrsError(f"the LRS at {config.endpoint} answered HTTP {status}{said}", status)


def _network_error(reason: object, config: LrsConfig) -> LrsError:
    host = urlsplit(config.endpoint).netloc
    if isinstance(reason, ssl.SSLCertVerificationError):
        return LrsError(
            f"the certificate of {host} is not trusted ({reason.verify_message}); ask the LRS "
            "administrator, or install the centre's certificate authority on this computer"
        )
    if isinstance(reason, ssl.SSLError):
        return LrsError(
            f"a secure (TLS) connection to {host} failed ({reason.reason or reason}); check that "
            "the address starts with https:// only if the LRS serves HTTPS"
        )
    if isinstance(reason, TimeoutError | socket.timeout):
        return LrsError(
            f"the LRS at {config.endpoint} did not answer within {config.timeout:g} s{WAIT_LATER}"
        )
    if isinstance(reason, socket.gaierror):
        return LrsError(
            f"cannot find the LRS's host '{urlsplit(config.endpoint).hostname}' (no network, or a "
            f"mistyped address){WAIT_LATER}"
        )
    if isinstance(reason, ConnectionRefusedError):
        return LrsError(
            f"nothing answers at {host} (the LRS is down or the address is wrong){WAIT_LATER}"
        )
    text = getattr(reason, "strerror", None) or str(reason)
    return LrsError(f"cannot reach the LRS at {config.endpoint} ({text}){WAIT_LATER}")


def _request(config: LrsConfig, url: str, data: bytes | None = None) -> tuple[int, str, bytes]:
    """One request: (status, content type, body), or ``LrsError``."""
    method = "POST" if data is not None else "GET"
    request = urllib.request.Request(
        url, data=data, method=method, headers=_headers(config, data is not None)
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        with error:
            raise _http_error(error, config, url) from None
    except urllib.error.URLError as error:
        raise _network_error(error.reason, config) from None
    except (OSError, ssl.SSLError) as error:  # a reset or timeout while reading the answer
        raise _network_error(error, config) from None
    except (
        http.client.IncompleteRead
    ):  # the LRS stopped (a crash, a kill) in the middle of its answer
        raise LrsError(
            f"the LRS at {config.endpoint} stopped in the middle of its answer{WAIT_LATER}"
        ) from None
    except ValueError as error:  # http.client: a reply that is not HTTP at all
        raise LrsError(f"the server at {config.endpoint} does not speak HTTP ({error})") from None


def _not_xapi(config: LrsConfig, kind: str) -> LrsError:
    shown = kind.split(";")[0] or "no content type"
    return LrsError(
        f"the server at {config.endpoint} answered with something that is not xAPI ({shown}); "
        "check that the address is the LRS's xAPI endpoint"
    )


def post_statements(config: LrsConfig, payload: bytes) -> int:
    """POST a JSON list of statements; returns how many the LRS newly stored (it may have had some)."""
    status, kind, body = _request(config, config.statements_url, payload)
    if status == 204:
        return 0  # every statement was already there
    try:
        ids = json.loads(body)
    except ValueError:
        raise _not_xapi(config, kind) from None
    if status != 200 or not isinstance(ids, list):
        raise _not_xapi(config, kind)
    return len(ids)


def join_statements(texts: Sequence[str]) -> bytes:
    """A JSON list from statements already serialised (the outbox keeps them as text)."""
    return ("[" + ",".join(texts) + "]").encode("utf-8")


def get_statements(config: LrsConfig, params: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Every statement the LRS returns for ``params``, page after page through its ``more`` links."""
    url = config.statements_url + "?" + urlencode(params)
    seen_pages: set[str] = set()
    while url:
        if url in seen_pages:  # an LRS that hands out the same page again would loop forever
            raise LrsError(f"the LRS at {config.endpoint} sent the same page twice ({url})")
        seen_pages.add(url)
        _, kind, body = _request(config, url)
        try:
            page = json.loads(body)
        except ValueError:
            raise _not_xapi(config, kind) from None
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            raise _not_xapi(config, kind)
        for item in page["statements"]:
            if isinstance(item, dict):
                yield item
        more = page.get("more")
        # 'more' is relative to the LRS's host (xAPI 1.0.3, 2.1.3); an empty one ends the list.
        url = urljoin(config.endpoint, more) if isinstance(more, str) and more else ""
