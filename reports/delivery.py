"""E-mail delivery of a finished report over SMTP (STARTTLS), retried with backoff.

Settings come from the environment at the edge (`SmtpSettings.from_env`) and are passed in.
The report files are written before delivery is attempted, so a failed delivery never loses a
report; the outcome is returned (and written to ``delivery.json`` beside the report) instead of
being raised. Secrets are never logged: error texts are scrubbed of the password and user.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import pathlib
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

log = logging.getLogger(__name__)

TRUE = {"1", "true", "yes", "ja", "on"}
FALSE = {"0", "false", "no", "nein", "off"}


class DeliveryConfigError(ValueError):
    """The SMTP settings in the environment are incomplete or invalid."""


def _flag(value: str | None, default: bool, name: str) -> bool:
    if value is None or value.strip() == "":
        return default
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise DeliveryConfigError(f"{name}={value!r}: expected true/false")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. `repr` hides the password."""

    host: str
    port: int = 587
    sender: str = "lakehouse@localhost"
    recipients: tuple[str, ...] = ()
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    cafile: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """From `LAKEHOUSE_SMTP_*` and `LAKEHOUSE_REPORT_RECIPIENTS`; None when no recipients are set."""
        env = os.environ if env is None else env
        recipients = tuple(
            r.strip() for r in (env.get("LAKEHOUSE_REPORT_RECIPIENTS") or "").replace(";", ",").split(",") if r.strip()
        )
        if not recipients:
            return None
        host = (env.get("LAKEHOUSE_SMTP_HOST") or "").strip()
        if not host:
            raise DeliveryConfigError("LAKEHOUSE_REPORT_RECIPIENTS is set but LAKEHOUSE_SMTP_HOST is not")
        try:
            port = int(env.get("LAKEHOUSE_SMTP_PORT") or 587)
        except ValueError as exc:
            raise DeliveryConfigError("LAKEHOUSE_SMTP_PORT must be a number") from exc
        user = env.get("LAKEHOUSE_SMTP_USER") or None
        starttls = _flag(env.get("LAKEHOUSE_SMTP_STARTTLS"), True, "LAKEHOUSE_SMTP_STARTTLS")
        if (
            user
            and not starttls
            and not _flag(env.get("LAKEHOUSE_SMTP_ALLOW_PLAINTEXT_AUTH"), False, "LAKEHOUSE_SMTP_ALLOW_PLAINTEXT_AUTH")
        ):
            raise DeliveryConfigError(
                "refusing to send SMTP credentials without STARTTLS (set LAKEHOUSE_SMTP_STARTTLS=true)"
            )
        for r in recipients:
            if "@" not in r:
                raise DeliveryConfigError(f"not an e-mail address in LAKEHOUSE_REPORT_RECIPIENTS: {r!r}")
        return cls(
            host=host,
            port=port,
            sender=env.get("LAKEHOUSE_SMTP_FROM") or user or "lakehouse@localhost",
            recipients=recipients,
            user=user,
            password=env.get("LAKEHOUSE_SMTP_PASSWORD") or None,
            starttls=starttls,
            cafile=env.get("LAKEHOUSE_SMTP_CAFILE") or None,
            timeout=float(env.get("LAKEHOUSE_SMTP_TIMEOUT") or 30),
        )


@dataclass
class DeliveryResult:
    status: str  # "sent" | "failed" | "not_configured"
    attempts: int = 0
    recipients: list[str] = field(default_factory=list)
    error: str | None = None
    message_id: str | None = None
    finished_at: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "sent"

    def as_dict(self) -> dict:
        return asdict(self)


def build_message(settings: SmtpSettings, subject: str, body: str, attachments: list[pathlib.Path]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = settings.sender
    msg["To"] = ", ".join(settings.recipients)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or "localhost")
    msg.set_content(body)
    for path in attachments:
        subtype = {"pdf": "pdf", "json": "json", "html": "html"}.get(path.suffix.lstrip(".").lower(), "octet-stream")
        maintype = "text" if subtype == "html" else "application"
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def _scrub(text: str, settings: SmtpSettings) -> str:
    for secret in (settings.password, settings.user):
        if secret:
            text = text.replace(secret, "***")
    return text


def _send_once(settings: SmtpSettings, msg: EmailMessage) -> None:
    context = ssl.create_default_context(cafile=settings.cafile) if settings.starttls else None
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        refused = smtp.send_message(msg)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


def send_report(
    settings: SmtpSettings,
    subject: str,
    body: str,
    attachments: list[pathlib.Path],
    *,
    attempts: int = 3,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryResult:
    """Send with up to ``attempts`` tries, waiting ``backoff``·2^k seconds between them.

    Never raises for SMTP or network errors: the result says what happened.
    """
    msg = build_message(settings, subject, body, attachments)
    last_error = None
    for attempt in range(1, attempts + 1):
        try:
            _send_once(settings, msg)
            log.info(
                "report sent to %d recipient(s) via %s:%s (attempt %d)",
                len(settings.recipients),
                settings.host,
                settings.port,
                attempt,
            )
            return DeliveryResult("sent", attempt, list(settings.recipients), None, msg["Message-ID"], _now())
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            last_error = _scrub(f"{type(exc).__name__}: {exc}", settings)
            log.warning(
                "report delivery attempt %d/%d via %s:%s failed: %s",
                attempt,
                attempts,
                settings.host,
                settings.port,
                last_error,
            )
            if attempt < attempts:
                sleep(backoff * (2 ** (attempt - 1)))
    return DeliveryResult("failed", attempts, list(settings.recipients), last_error, None, _now())


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def deliver_report(
    report_dir: pathlib.Path,
    pdf_path: pathlib.Path,
    wave: str,
    settings: SmtpSettings | None,
    *,
    attempts: int = 3,
    backoff: float = 2.0,
) -> DeliveryResult:
    """Send the stored report's PDF and record the outcome in ``delivery.json`` beside it."""
    if settings is None or not settings.recipients:
        result = DeliveryResult("not_configured", finished_at=_now())
    else:
        subject = f"Quartalsbericht KI-Nutzung in Sachsen und Thüringen – Welle {wave}"
        body = (
            "Guten Tag,\n\n"
            f"anbei der Quartalsbericht zur KI-Nutzung in Unternehmen in Sachsen und Thüringen für die "
            f"Befragungswelle {wave} (PDF).\n\n"
            f"Der Bericht ist mit seinem Versionsnachweis im Lake abgelegt: {report_dir.name}.\n\n"
            "Diese Nachricht wurde automatisch erstellt.\n"
        )
        result = send_report(settings, subject, body, [pdf_path], attempts=attempts, backoff=backoff)
    (report_dir / "delivery.json").write_text(
        json.dumps(result.as_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return result
