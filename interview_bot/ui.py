"""Gradio 6 app: a thin shell over ``InterviewService``.

Per-user state lives only in ``gr.State``/``gr.BrowserState`` (the session id, this browser's sessions
and candidate token, its settings) and in the database; nothing mutable sits at module level. Every word
on the page comes from the message catalog (``interview_bot.i18n``) in the page's language, which
follows the interview's language, and the browser's before one is chosen. The layout is in
``webui/page.py``, what each click does in ``webui/handlers.py``; the named API endpoints (``/start``,
``/answer``, ``/report``, …) in ``api.py``; security headers and on-demand reports in ``web.py``.
"""

from __future__ import annotations

import os
from typing import Any

# Privacy by default: no telemetry to Gradio's servers (set GRADIO_ANALYTICS_ENABLED=True to opt in).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import api, web  # noqa: E402
from .config import Settings  # noqa: E402
from .files import private_dir  # noqa: E402
from .identity import require_shared_secret  # noqa: E402
from .interview.service import InterviewService  # noqa: E402
from .webui.assets import gradio_translations  # noqa: E402
from .webui.handlers import Handlers  # noqa: E402
from .webui.page import CSS, Page, browser_secret, build_page, head, theme  # noqa: E402

# Events waiting in Gradio's queue; one more is refused with 503. A burst must queue, not fail (issue 19:
# 200 candidates answering at the same instant all succeed); bodies are bounded before they queue (web.py).
QUEUE_MAX = 256
CONCURRENCY = 4

__all__ = ["browser_secret", "build_app", "launch", "launch_options"]

def _wire(p: Page, h: Handlers) -> None:
    quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    on_chat: dict[str, Any] = {"api_visibility": "private", "show_progress_on": [p.chat]}
    settings_inputs = p.settings_inputs
    start_inputs = [*settings_inputs, p.mine, p.me]
    p.start_btn.click(h.on_start_click, [*start_inputs, p.sid], p.all_outputs, **on_chat)
    p.start_keep.click(h.keep_interview, None, [p.start_confirm, p.start_btn], **quiet)
    p.start_new.click(h.on_start_new, [*start_inputs, p.sid], p.all_outputs, **on_chat)
    p.new_btn.click(h.on_start, start_inputs, p.all_outputs, **on_chat)
    send_inputs = [p.answer, p.sid, p.turn, p.chat, p.hide, p.lang, p.mine]
    for trigger in (p.send_btn.click, p.answer.submit):
        trigger(h.on_send, send_inputs, p.all_outputs, **on_chat)
    p.refresh_btn.click(h.on_refresh, [p.sid, p.mine, p.hide, p.lang], p.all_outputs, **on_chat)
    p.end_btn.click(h.ask_end, [p.sid, p.lang], [p.end_confirm, p.end_btn, p.start_confirm, p.start_btn], **quiet)
    p.end_no.click(h.cancel_end, None, [p.end_confirm, p.end_btn], **quiet)
    p.end_yes.click(h.on_end, [p.sid, p.lang, p.chat, p.mine], p.all_outputs, **on_chat)
    p.delete_btn.click(h.on_delete, [p.sid, p.lang, p.mine], p.all_outputs, **on_chat)
    p.resume_btn.click(h.on_resume, [p.resume_id, p.mine, p.hide, p.lang], p.all_outputs, **on_chat)
    p.sessions.input(h.pick_session, [p.sessions], p.resume_id, **quiet)
    p.lang.input(h.on_lang, [p.lang, p.mine, p.sid], p.chrome_outputs, **quiet)
    for comp in settings_inputs:  # what the person changes (not what a load or resume sets) is kept
        comp.input(h.save_prefs, settings_inputs, p.prefs, trigger_mode="always_last", **quiet)
    # A refresh or a reopened tab: settings come back, then the session kept in the browser. (No js=
    # callbacks anywhere: the page's CSP forbids evaluating strings; see webui/assets.py.)
    p.demo.load(h.on_load, [p.prefs, p.sid_store, p.mine], p.all_outputs, **quiet)


def build_app(settings: Settings, service: InterviewService | None = None) -> gr.Blocks:
    svc = service or InterviewService(settings)
    limiter = web.RateLimiter(settings.rate_limit, limits={"report": settings.report_rate_limit})
    page = build_page(settings, svc)
    with page.demo:
        _wire(page, Handlers(svc, page, settings, limiter))
        api.register(svc, limiter)
    page.demo.queue(max_size=QUEUE_MAX, default_concurrency_limit=CONCURRENCY)
    return page.demo


def launch_options(service: InterviewService, host: str = "127.0.0.1") -> dict[str, Any]:
    """What ``Blocks.launch`` needs besides host and port: the theme, CSS and the confirm-before-clear
    script (Gradio 6 takes them at launch), the HTTP layer (``web.middleware``: security headers, client
    address, host/origin/upload/body-size gate, signed report downloads). No file path is ever served
    (reports are rendered on demand from the database) and nothing is uploaded. Also switches off
    uvicorn's own X-Forwarded-For rewriting (``web.disable_server_proxy_headers``)."""
    web.disable_server_proxy_headers()
    return {"app_kwargs": {"middleware": web.middleware(service, bind_host=host)}, "footer_links": ["api"],
            "theme": theme(), "css": CSS, "head": head(), "i18n": gr.I18n(**gradio_translations()),
            "max_file_size": 1, "run_history": False}


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    require_shared_secret(settings)  # replicas on a shared database must share the secret
    private_dir(settings.data_dir)
    svc = InterviewService(settings)
    purged = svc.purge()  # retention: INTERVIEW_BOT_RETENTION_DAYS
    demo = build_app(settings, svc)
    print(f"interview_bot on http://{host}:{port} — backend: {settings.describe_backend()}"
          + (f" — {len(purged)} expired session(s) purged" if purged else ""))
    # quiet: the line above says where the page is; Gradio's own banner adds "set `share=True` in
    # `launch()`", advice this app never takes (the page is local unless deployed behind a proxy)
    demo.launch(server_name=host, server_port=port, quiet=True, **launch_options(svc, host))
