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
