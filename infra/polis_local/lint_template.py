"""cfn-lint on the template as CloudFormation sees it: AWS::Include spliced in, Fn::ForEach expanded.

cfn-lint cannot follow a local AWS::Include, so on the file as written it never sees the IoT
rules' payloads; and it merges SAM Globals into functions before it expands Fn::ForEach, so it
sees the loop's functions without them. This lints the template after both, as the local
platform reads it. Usage: ``python -m polis_local.lint_template template.yaml``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cfnlint.api import lint

from polis_local.template import load_template


def _mapping_names_used(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_mapping_names_used(item) for item in node))
    if not isinstance(node, dict):
        return set()
    used = set().union(*(_mapping_names_used(value) for value in node.values()))
    find_in_map = node.get("Fn::FindInMap")
    if isinstance(find_in_map, list) and find_in_map and isinstance(find_in_map[0], str):
        used.add(find_in_map[0])
    return used


def lint_expanded(path: Path) -> list[str]:
    loaded = load_template(path)
    # The expansion resolved the loops' look-ups; cfn-lint on the file as written checks that
    # every mapping is used, so a mapping left without a look-up here is not reported unused.
    template = {key: value for key, value in loaded.items() if key != "Mappings"}
    used = _mapping_names_used(template)
    mappings = {name: value for name, value in loaded.get("Mappings", {}).items() if name in used}
    if mappings:
        template["Mappings"] = mappings
    expanded = json.dumps(template)
    return [str(match) for match in lint(expanded, regions=["eu-central-1", "eu-west-1", "us-east-1"])]


def main(argv: list[str]) -> int:
    problems = lint_expanded(Path(argv[0]))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
