"""Alerts of the research desk: rules in a TOML file checked against the note library,
alerts stored with their notes and evidence, and delivered to stdout, a JSONL file and a
webhook through an outbox (docs/desk.md, "Alerts").

    rules = load_rules("alerts.toml")
    engine = AlertEngine(library, rules)
    engine.check(note_ids)      # fire (once per trigger) and store
    engine.deliver()            # deliver what is pending or failed
"""

from sentiment.desk.alerts.delivery import (
    DeliveryFailed,
    JsonlChannel,
    StreamChannel,
    WebhookChannel,
    alert_line,
)
from sentiment.desk.alerts.engine import (
    AlertEngine,
    DeliveryReport,
    RunOutcome,
    check_portfolio,
    run_rules,
)
from sentiment.desk.alerts.rules import ChannelConfig, Rule, RuleSet, WebhookConfig
from sentiment.desk.alerts.rules_file import load_rules
from sentiment.desk.alerts.store import Delivery, FiredAlert, ack, ack_all, list_alerts

__all__ = [
    "AlertEngine",
    "ChannelConfig",
    "Delivery",
    "DeliveryFailed",
    "DeliveryReport",
    "FiredAlert",
    "JsonlChannel",
    "Rule",
    "RunOutcome",
    "RuleSet",
    "StreamChannel",
    "WebhookChannel",
    "WebhookConfig",
    "ack",
    "ack_all",
    "alert_line",
    "check_portfolio",
    "list_alerts",
    "load_rules",
    "run_rules",
]
