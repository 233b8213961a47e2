"""Who may talk to the studio: the token in the path, its own Host, its own Origin.

A page on another site cannot read the token, so it cannot build a URL the studio answers.
DNS rebinding (an attacker's name resolving to 127.0.0.1) is stopped by the Host check, and a
cross-site form or fetch by the Origin check; either alone would leave a gap.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class Guard:
    """ASGI middleware: refuse (403) any request without the token, or from a foreign Host or Origin."""

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        self.app = app
        self.prefix = f"/{token}"
        self.hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, rooted below the token, or answer 403."""
        if scope["type"] == "websocket":  # the page never opens one
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":  # lifespan events carry no request
            await self.app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason:
            await _forbid(send, reason)
            return
        # Starlette routes on the path below root_path: the token becomes the application's root.
        inner = dict(scope)
        inner["root_path"] = scope.get("root_path", "") + self.prefix
        await self.app(inner, receive, send)

    def refusal(self, scope: Scope) -> str:
        """Why the request is refused, or '' when it may pass."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "") not in self.hosts:
            return "wrong host: the studio answers only at 127.0.0.1 on its own port"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return "foreign origin: the studio answers only its own page"
        path: str = scope["path"]
        given = path[: len(self.prefix)]
        rest = path[len(self.prefix) :]
        if not hmac.compare_digest(given.encode(), self.prefix.encode()) or rest[:1] not in (
            "",
            "/",
        ):
            return "no token: open the address the studio printed, token included"
        return ""


async def _forbid(send: Send, reason: str) -> None:
    body = (reason + "\n").encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
