from __future__ import annotations

from pathlib import Path

PAYLOAD_FILE = Path(__file__).with_name("hostile_payloads.txt")


def hostile_payloads() -> list[str]:
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]
