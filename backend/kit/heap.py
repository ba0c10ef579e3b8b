"""The collector and a long-running server's start-up state."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Take what start-up built (modules, the schema, ORM mappers: most of the heap) out of the collector's view.

    Otherwise every full collection walks it again: in the API, a probe under load saw 20 full collections of
    29-773 ms in 220 model-list pages, each one stopping the event loop; in the model server, payload log
    records that live until their batch is written are promoted often enough to make those collections cost
    /infer a tenth of its throughput at 100 % sampling. Frozen objects are never freed, which is what
    start-up state is for anyway.
    """
    gc.collect()
    gc.freeze()


# Allocations between two collections of the youngest generation, and how many of those before the next
# generation is collected (CPython's defaults: 700, 10, 10).
YOUNG_EVERY = 20_000
MIDDLE_EVERY = 20
OLD_EVERY = 10


def collect_less_often() -> None:
    """For a server whose requests leave objects alive a while: the model server queues each sampled request
    for the payload log until its batch is written. At CPython's 700 allocations, a few requests' worth,
    those records were traversed and promoted over and over, and each promotion brought the next full
    collection nearer: logging every request cost 18 % of /infer's throughput, 3 % at these thresholds
    (bench/payload_logging.py, same run). Cyclic garbage waits longer; little of it is made per request."""
    gc.set_threshold(YOUNG_EVERY, MIDDLE_EVERY, OLD_EVERY)
