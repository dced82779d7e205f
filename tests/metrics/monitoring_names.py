#!/usr/bin/env python3
"""Checks deploy/monitoring's dashboard (JSON) and alert rules (Prometheus
rule file, YAML) and prints every baoxue_* metric name they use, one a line.
Exits 1 naming the problem if a file does not parse or lacks a part
Grafana or Prometheus needs. Usage: monitoring_names.py DASHBOARD ALERTS"""
import json
import re
import sys

import yaml

NAME = re.compile(r"\bbaoxue_[a-z0-9_]+")


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def main(dashboard_path, alerts_path):
    with open(dashboard_path, encoding="utf-8") as f:
        dashboard = json.load(f)
    panels = dashboard.get("panels")
    if not isinstance(panels, list) or not panels:
        fail(f"{dashboard_path}: no panels")
    for panel in panels:
        if panel.get("type") == "row":
            continue
        targets = panel.get("targets")
        if not targets or not all(t.get("expr") for t in targets):
            fail(f"{dashboard_path}: panel {panel.get('title')!r} has no query")

    with open(alerts_path, encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    groups = rules.get("groups") if isinstance(rules, dict) else None
    if not isinstance(groups, list) or not groups:
        fail(f"{alerts_path}: no groups")
    for group in groups:
        if not group.get("name") or not group.get("rules"):
            fail(f"{alerts_path}: a group without name or rules")
        for rule in group["rules"]:
            for key in ("alert", "expr"):
                if not rule.get(key):
                    fail(f"{alerts_path}: a rule without {key}: {rule}")
            if rule.get("labels", {}).get("severity") not in ("critical",
                                                              "warning"):
                fail(f"{alerts_path}: {rule['alert']}: severity missing")
            if not rule.get("annotations", {}).get("summary"):
                fail(f"{alerts_path}: {rule['alert']}: summary missing")

    names = set()
    for text in list(strings(dashboard)) + list(strings(rules)):
        names.update(NAME.findall(text))
    for name in sorted(names):
        print(name)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__)
    main(sys.argv[1], sys.argv[2])
