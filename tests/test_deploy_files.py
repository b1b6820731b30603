"""The two-replica deployment files (deploy/) are consistent. Docker cannot run on this machine (no
compose plugin, no daemon), so this checks what can be checked without it: the compose file parses,
both replicas get the same database URL and secret and a shared read-only bank folder, the proxy
balances over exactly those replicas, and the image runs the app's serve command."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_compose_runs_two_identical_replicas_behind_the_proxy():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "app1", "app2", "proxy"}
    a, b = services["app1"], services["app2"]
    assert a == b  # the same anchor: same image, environment, volumes
    env = a["environment"]
    assert env["INTERVIEW_BOT_DATABASE_URL"].startswith("postgresql+psycopg://") and "@postgres:5432/" in env["INTERVIEW_BOT_DATABASE_URL"]
    assert env["INTERVIEW_BOT_SESSION_SECRET"].startswith("${INTERVIEW_BOT_SESSION_SECRET:?")  # required, never a default
    assert env["INTERVIEW_BOT_TRUST_PROXY_HEADERS"] == "true"
    assert any(v.startswith("shared-bank:") and v.endswith(":ro") for v in a["volumes"])
    assert env["INTERVIEW_BOT_BANK_DIRS"] == "/shared-bank"
    assert a["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["proxy"]["ports"] == ["8080:80"]
    # Only the proxy may name the client (its fixed address), and the settings accept what is written.
    assert env["INTERVIEW_BOT_TRUSTED_PROXIES"] == services["proxy"]["networks"]["backend"]["ipv4_address"]
    from interview_bot.config import Settings

    s = Settings(trust_proxy_headers=True, trusted_proxies=env["INTERVIEW_BOT_TRUSTED_PROXIES"],
                 allowed_hosts="localhost,127.0.0.1")
    assert s.trusted_proxies == ["172.28.0.10"]


def test_proxy_balances_over_the_replicas_and_streams():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.findall(r"server (app\d):7860;", conf) == ["app1", "app2"]
    assert "proxy_buffering off" in conf and "X-Forwarded-For $remote_addr" in conf and "Upgrade" in conf
    assert "Host $http_host" in conf  # the port too: the app compares Origin with Host


def test_image_serves_the_app():
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["interview-bot", "serve", "--host", "0.0.0.0", "--port", "7860"]' in docker
    assert "requirements/models.txt" in docker and "USER app" in docker
