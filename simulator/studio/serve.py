"""Run the studio: pick a free port on 127.0.0.1, make a token, serve until interrupted."""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from simulator.studio.app import build_app

HOST = "127.0.0.1"  # never a public interface: the studio writes files


@dataclass(frozen=True)
class Address:
    """Where the page is: port and token; ``url`` is what the trainer opens."""

    port: int
    token: str

    @property
    def url(self) -> str:
        """The page's address, token included."""
        return f"http://{HOST}:{self.port}/{self.token}/"


def bind() -> tuple[socket.socket, Address]:
    """A listening socket on a free loopback port and the address it will answer at."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock, Address(sock.getsockname()[1], secrets.token_urlsafe(24))


def make_server(root: Path, address: Address) -> uvicorn.Server:
    """The uvicorn server for ``root`` answering at ``address`` (not started)."""
    app = build_app(root, address.token, address.port)
    config = uvicorn.Config(
        app, host=HOST, port=address.port, log_level="warning", access_log=False, lifespan="off"
    )
    return uvicorn.Server(config)
