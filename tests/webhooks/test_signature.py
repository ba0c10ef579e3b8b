"""The signature helpers, and the 10-line receiver check docs/webhooks.md shows, agree with what the worker signs."""

from __future__ import annotations

import re
import time

from backend.webhooks.signature import sign, verify
from tests.support.processes import ROOT

BODY = b'{"id":"d1","event":"ping","data":{"a":1}}'


def _documented_verify():
    page = (ROOT / "docs" / "webhooks.md").read_text()
    code = re.search(r"```python\n(.*?)```", page, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)
    return namespace["verify"]


def test_a_signature_verifies_and_any_change_or_old_timestamp_does_not() -> None:
    header = sign("whsec_a", BODY)
    for check in (verify, _documented_verify()):
        assert check("whsec_a", BODY, header)
        assert not check("whsec_a", BODY + b" ", header)
        assert not check("whsec_b", BODY, header)
        assert not check("whsec_a", BODY, sign("whsec_a", BODY, int(time.time()) - 301))
        assert not check("whsec_a", BODY, "t=abc,v1=00")


def test_the_header_is_t_and_v1_over_timestamp_dot_body() -> None:
    header = sign("whsec_a", BODY, 1_700_000_000)
    assert re.fullmatch(r"t=1700000000,v1=[0-9a-f]{64}", header)
    assert verify("whsec_a", BODY, header, now=1_700_000_000 + 299)
    assert not verify("whsec_a", BODY, header, now=1_700_000_000 + 301)
    assert verify("whsec_a", BODY, f"{header},v1={'0' * 64}", now=1_700_000_000)  # a second signature is fine
