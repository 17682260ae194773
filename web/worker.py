"""A gevent worker for gunicorn whose requests have a deadline.

Each connection is a greenlet, so a client that sends slowly holds only its own greenlet, never
the worker. Gunicorn's gevent worker already drops a connection whose request headers take longer
than `keepalive` seconds; this one also drops a request that is not read and answered within
`request_seconds` (a body dribbled byte by byte, or a client that stops reading the reply).
"""

from __future__ import annotations

from typing import Any

import gevent
from gunicorn.workers.ggevent import GeventWorker


class DeadlineWorker(GeventWorker):
    """Gunicorn's gevent worker with a per-request deadline."""

    request_seconds: float = 10.0

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> bool:
        deadline = gevent.Timeout(self.request_seconds)
        deadline.start()
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except gevent.Timeout as exc:
            if exc is not deadline:
                raise
            self.log.debug("request not read and answered within %ss; closed", self.request_seconds)
            raise StopIteration() from None  # gunicorn closes the connection
        finally:
            deadline.cancel()
            # Let the other connections' greenlets run before reading this connection's next
            # request. Without it, a keep-alive client that answers quickly (the next request
            # already waiting in the socket) keeps the worker while the others wait: fine on
            # average, but a few requests then wait hundreds of milliseconds.
            gevent.sleep(0)


def deadline_worker(request_seconds: float) -> type[DeadlineWorker]:
    """A worker class whose requests must be read and answered within `request_seconds`."""
    return type("DeadlineWorker", (DeadlineWorker,), {"request_seconds": request_seconds})
