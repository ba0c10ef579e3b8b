"""Free loopback ports for embedded servers."""

from __future__ import annotations

import socket

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
