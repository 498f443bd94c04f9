"""TLS to a WordPress site: certificates are verified, a self-signed one is
refused with a message saying what to do, and works once an administrator
trusts that certificate explicitly.

The site is the real WordPress peer behind an https front (the fault proxy
with a server certificate made for the test), so the handshake, httpx's
verification and the publish that follows are all real.
"""

from __future__ import annotations

import json
import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsroom.domain.errors import PermissionDenied
from newsroom.services import publish_queue, sites
from newsroom.services.publish_queue import JobState
from newsroom.storage.db import Database
from newsroom.sync.worker import Worker
from tests.conftest import People
from tests.core.test_worker import _jobs
from tests.integration.conftest import WpPeer
from tests.integration.fault_proxy import FaultProxy
from tests.integration.test_cli_wordpress import _run
from tests.integration.test_worker_wordpress import _queued
from tests.support.tls import SelfSigned, make_self_signed


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    return make_self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_site(wp_peer: WpPeer, certificate: SelfSigned) -> Iterator[FaultProxy]:
    with FaultProxy(wp_peer.url, tls=certificate.server_context()) as proxy:
        yield proxy


def _context(certificate: SelfSigned) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate.cert_file))


def test_the_front_really_speaks_tls(https_site: FaultProxy, certificate: SelfSigned) -> None:
    assert https_site.url.startswith("https://127.0.0.1:")
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(https_site.url + "/?rest_route=/")
    trusted = httpx.get(https_site.url + "/?rest_route=/", verify=_context(certificate))
    assert trusted.status_code == 200 and "namespaces" in trusted.json()


def test_site_add_refuses_a_self_signed_certificate_unless_trusted(
        tmp_path: Path, wp_peer: WpPeer, https_site: FaultProxy,
        certificate: SelfSigned) -> None:
    assert _run(tmp_path, "init")[0] == 0
    assert _run(tmp_path, "user", "add", "admin", "--role", "admin")[0] == 0
    add = ("site", "add", "oda", "--kind", "wordpress", "--url", https_site.url,
           "--user", wp_peer.editor.login)
    code, _out, err = _run(tmp_path, *add, password=wp_peer.editor.app_password)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "cannot be verified" in err and "site trust" in err
    names = [s["name"] for s in json.loads(_run(tmp_path, "site", "list", "--json")[1])]
    assert names == ["site"]  # nothing stored

    not_pem = tmp_path / "not-a-cert.pem"
    not_pem.write_text("це не сертифікат\n", "utf-8")
    code, _out, err = _run(tmp_path, *add, "--ca-file", str(not_pem),
                           password=wp_peer.editor.app_password)
    assert code == 1 and "is not a PEM certificate file" in err

    code, out, err = _run(tmp_path, *add, "--ca-file", str(certificate.cert_file),
                          password=wp_peer.editor.app_password)
    assert code == 0, err

    code, out, err = _run(tmp_path, "site", "trust", "oda", "--clear")
    assert code == 0 and "trusts only the system's certificates" in out
    code, out, err = _run(tmp_path, "site", "trust", "oda")
    assert code == 1 and "--ca-file FILE or --clear" in err


def test_publishing_waits_for_the_administrator_to_trust_the_certificate(
        db: Database, people: People, wp_peer: WpPeer, https_site: FaultProxy,
        certificate: SelfSigned) -> None:
    with db.uow() as uow:
        site = sites.add_wordpress(uow, people.admin, f"tls-{uuid.uuid4().hex[:6]}",
                                   https_site.url, wp_peer.editor.login,
                                   wp_peer.editor.app_password)
        uow.commit()
    article_id = _queued(db, people, "Новина для сайту з власним сертифікатом")
    assert Worker(db).run_due().failed == 1
    job = _jobs(db, article_id)[0]
    assert job.state == JobState.FAILED.value and job.last_error is not None
    assert "cannot be verified" in job.last_error and "site trust" in job.last_error
    assert https_site.forwarded == 0  # nothing, the password least of all, went out

    with db.uow() as uow, pytest.raises(PermissionDenied, match="only an administrator"):
        sites.set_ca_file(uow, people.editor, site.id, str(certificate.cert_file))
    with db.uow() as uow:
        sites.set_ca_file(uow, people.admin, site.id, str(certificate.cert_file))
        publish_queue.resend(uow, people.editor, job.id)
        uow.commit()
    report = Worker(db).run_due()
    assert (report.sent, report.failed) == (1, 0)
    assert https_site.requests("POST", "/posts")
