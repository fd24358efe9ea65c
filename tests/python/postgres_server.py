"""A real PostgreSQL for the lake's tests: Debian's `postgresql` (installed when missing),
run as a non-root user on a Unix socket in a temporary folder, stopped at the end."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pdf_generator import install_debian

# the server's own user when the tests run as root (PostgreSQL refuses to run as root)
SERVER_USER = "postgres"


def server_binaries() -> Path:
    """The folder of initdb and pg_ctl (Debian keeps them per major version)."""
    for attempt in range(2):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if found:
            return found[-1].parent
        if attempt == 0:
            install_debian("postgresql")
    raise RuntimeError("PostgreSQL's initdb was not found after installing postgresql")


def _as_server(command: list[str]) -> list[str]:
    """The command run as the server's user when the tests run as root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


@dataclass
class Server:
    """A running cluster: its socket's folder, its user, its createdb."""

    socket: Path
    user: str
    createdb: Callable[[str], None]

    def database(self, name: str) -> str:
        """A new database; its libpq connection string (host: the socket's folder)."""
        self.createdb(name)
        return f"dbname={name} host={self.socket} user={self.user}"


@contextlib.contextmanager
def postgres() -> Iterator[Server]:
    """A fresh PostgreSQL cluster, stopped and removed at the end."""
    binaries = server_binaries()
    # a short path: a Unix socket's path may not exceed about 100 bytes
    root = Path(tempfile.mkdtemp(prefix="pg"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
        shutil.chown(socket, SERVER_USER)
    user = SERVER_USER if os.geteuid() == 0 else os.environ.get("USER", "tests")

    def run(command: list[str]) -> None:
        done = subprocess.run(
            _as_server(command), capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {(done.stderr or done.stdout)[-500:]}")

    run(
        [
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        ]
    )
    options = f"-k {socket} -c listen_addresses='' -c max_connections=40"
    run(
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "start",
        ]
    )
    try:
        yield Server(
            socket,
            user,
            lambda name: run([str(binaries / "createdb"), "-h", str(socket), "-U", user, name]),
        )
    finally:
        run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)
