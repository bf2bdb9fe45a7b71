"""Nothing leaves the machine during tests: the session's socket guard refuses any
connection that is not to loopback (Chromium, a subprocess, is started with background
networking off and a resolver that resolves nothing: see tests/test_report.py)."""

from __future__ import annotations

import socket

import pytest


def test_a_connection_off_the_machine_fails_the_test():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        with pytest.raises(AssertionError, match="must not leave the machine"):
            s.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed
        with pytest.raises(AssertionError, match="must not leave the machine"):
            s.connect_ex(("198.51.100.7", 443))


def test_loopback_stays_allowed():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())
