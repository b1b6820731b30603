"""Launch the Gradio app on a free local port for HTTP-API and browser tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(service, port: int | None = None) -> Iterator[str]:
    """Build the app over ``service``, serve it on 127.0.0.1 (a free port unless ``port`` is given),
    yield its URL, close it after."""
    from interview_bot.ui import build_app, launch_options

    demo = build_app(service.settings, service)
    port = port or free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                **launch_options(service))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()
