"""Report delivery over SMTP against real aiosmtpd servers on 127.0.0.1 (plain, STARTTLS + AUTH,
flaky, unreachable). The report rendered here comes from an empty lake (no Spark needed): every
section says "keine Daten", which is itself checked.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import json
import logging
import socket
import ssl
from pathlib import Path

import pypdf
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from lake.config import LakeConfig
from reports import delivery
from reports.render import build_report

WAVE = "2025-Q3"
USER, PASSWORD = "berichte", "s3cret-Pa55word!"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message; the first `fail_first` DATA commands get a 451."""

    def __init__(self, fail_first: int = 0):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.fail_first = fail_first
        self.data_commands = 0

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_commands <= self.fail_first:
            return "451 4.3.0 temporarily unavailable, try again"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture()
def report(lake_root: Path):
    # An empty lake renders the "no data" report only when asked to (the CLI refuses such a wave).
    return build_report(LakeConfig.from_env(str(lake_root)), WAVE, require_data=False)


def _one_gold_cell(spark, lake_root: Path) -> None:
    """The smallest lake the CLI reports on: one published Land-level cell of the wave."""
    spark.createDataFrame(
        [(WAVE, None, None, None, None, 40, 0.25, 0.14, 0.4, False)],
        "wave string, land string, ags string, nace_section string, size_class string, respondents long, "
        "weighted_share double, ci_low double, ci_high double, suppressed boolean",
    ).write.format("delta").save(str(lake_root / "gold" / "ai_adoption"))


@pytest.fixture()
def plain_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _env(port: int, **extra: str) -> dict[str, str]:
    return {
        "LAKEHOUSE_REPORT_RECIPIENTS": "referat@smwa.example, poststelle@tmwwdg.example",
        "LAKEHOUSE_SMTP_HOST": "127.0.0.1",
        "LAKEHOUSE_SMTP_PORT": str(port),
        "LAKEHOUSE_SMTP_FROM": "lakehouse@example.org",
        **extra,
    }


def _pdf_attachment(msg) -> bytes:
    (part,) = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert part.get_filename() == f"bericht_{WAVE}.pdf"
    return part.get_content()


def test_empty_lake_renders_a_report_that_says_there_is_no_data(report) -> None:
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(report.pdf_path)).pages)
    assert "keine Kennzahlen" in text and "Keine Nachrichtendaten" in text
    assert all(info["version"] is None for info in report.manifest["tables"].values())


def test_report_arrives_at_a_plain_smtp_server_with_the_pdf_attached(report, plain_server) -> None:
    inbox, port = plain_server
    settings = delivery.SmtpSettings.from_env(_env(port, LAKEHOUSE_SMTP_STARTTLS="false"))
    result = delivery.deliver_report(report.directory, report.pdf_path, WAVE, settings, attempts=2, backoff=0.01)
    assert result.ok and result.attempts == 1
    (msg,) = inbox.messages
    assert _pdf_attachment(msg) == report.pdf_path.read_bytes()
    assert WAVE in msg["Subject"]
    assert inbox.envelopes[0][1] == ["referat@smwa.example", "poststelle@tmwwdg.example"]
    assert json.loads((report.directory / "delivery.json").read_text())["status"] == "sent"


def test_starttls_with_credentials_from_the_environment(report, tmp_path, caplog) -> None:
    cert, key = _self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(str(cert), str(key))
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=tls,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        caplog.set_level(logging.DEBUG)
        env = _env(
            controller.port,
            LAKEHOUSE_SMTP_USER=USER,
            LAKEHOUSE_SMTP_PASSWORD=PASSWORD,
            LAKEHOUSE_SMTP_CAFILE=str(cert),
            LAKEHOUSE_SMTP_TIMEOUT="10",
        )
        settings = delivery.SmtpSettings.from_env(env)
        assert settings.starttls and PASSWORD not in repr(settings)
        result = delivery.deliver_report(report.directory, report.pdf_path, WAVE, settings, attempts=1)
        assert result.ok, result.error
        (msg,) = inbox.messages
        assert _pdf_attachment(msg) == report.pdf_path.read_bytes()

        wrong = delivery.SmtpSettings.from_env({**env, "LAKEHOUSE_SMTP_PASSWORD": "wrong-" + PASSWORD})
        failed = delivery.deliver_report(report.directory, report.pdf_path, WAVE, wrong, attempts=2, backoff=0.01)
        assert failed.status == "failed" and failed.attempts == 2
        assert "SMTPAuthenticationError" in failed.error
    finally:
        controller.stop()
    stored = (report.directory / "delivery.json").read_text()
    for secret in (PASSWORD, "wrong-" + PASSWORD):
        assert secret not in caplog.text and secret not in stored and secret not in (failed.error or "")


def test_credentials_are_never_sent_without_starttls(tmp_path) -> None:
    with pytest.raises(delivery.DeliveryConfigError):
        delivery.SmtpSettings.from_env(
            _env(25, LAKEHOUSE_SMTP_USER=USER, LAKEHOUSE_SMTP_PASSWORD=PASSWORD, LAKEHOUSE_SMTP_STARTTLS="false")
        )
    assert delivery.SmtpSettings.from_env({}) is None


def test_a_transient_failure_is_retried(report) -> None:
    inbox = Inbox(fail_first=1)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings = delivery.SmtpSettings.from_env(_env(controller.port, LAKEHOUSE_SMTP_STARTTLS="no"))
        result = delivery.deliver_report(report.directory, report.pdf_path, WAVE, settings, attempts=3, backoff=0.01)
    finally:
        controller.stop()
    assert result.ok and result.attempts == 2 and inbox.data_commands == 2
    assert len(inbox.messages) == 1


def test_failing_smtp_is_retried_reported_and_the_report_is_kept(spark, lake_root, tmp_path, monkeypatch) -> None:
    from orchestration.cli import main

    _one_gold_cell(spark, lake_root)
    port = _free_port()  # nothing listens here
    for k, v in _env(port, LAKEHOUSE_SMTP_STARTTLS="false").items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(
        main, ["report", "--wave", WAVE, "--out", str(tmp_path / "out"), "--attempts", "3", "--backoff", "0.01"]
    )
    assert result.exit_code == 69  # unreachable server (orchestration/cli/errors.py)
    assert "Versand fehlgeschlagen nach 3 Versuch(en)" in result.output and "Hint:" in result.output
    (folder,) = (lake_root / "reports" / WAVE).iterdir()
    assert (folder / f"bericht_{WAVE}.pdf").stat().st_size > 0
    assert (folder / "manifest.json").is_file()
    outcome = json.loads((folder / "delivery.json").read_text())
    assert outcome["status"] == "failed" and outcome["attempts"] == 3
    assert (tmp_path / "out" / f"bericht_{WAVE}.pdf").is_file()
