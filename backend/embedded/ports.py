"""Free loopback ports for embedded servers."""

from __future__ import annotations

import random
import socket
from pathlib import Path

# SeaweedFS opens a gRPC port at every HTTP port + 10000.
GRPC_OFFSET = 10000


def is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port_pair(taken: set[int]) -> int:
    """A port p with p and p + 10000 both free and not already handed out."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + GRPC_OFFSET > 65535 or port in taken or port + GRPC_OFFSET in taken:
            continue
        if is_free(port + GRPC_OFFSET):
            taken.update({port, port + GRPC_OFFSET})
            return port
    raise RuntimeError("no free pair of loopback ports (p, p+10000) found")


def _ephemeral_start() -> int:
    """Where the kernel starts picking the local ports of outgoing connections (Linux; 32768 elsewhere)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port_run(count: int, taken: set[int]) -> int:
    """A port p with p .. p + count - 1 free, below the ephemeral range, for servers that bind seconds later.

    A port the kernel handed out from the ephemeral range may be free now and the local end of someone's
    outgoing connection by the time a server binds it (seen: a model server started at the API's port + 1
    found it taken). Ports below that range are only ever bound on purpose."""
    high = _ephemeral_start() - count
    for _ in range(200):
        port = random.randrange(20000, high)
        run = set(range(port, port + count))
        if not run & taken and all(is_free(p) for p in run):
            taken.update(run)
            return port
    raise RuntimeError(f"no {count} free consecutive loopback ports found below {high + count}")
