"""cfn-lint on the template as CloudFormation sees it, with AWS::Include snippets spliced in.

cfn-lint cannot follow a local AWS::Include, so on the file as written it never sees the IoT
rules' payloads; this lints them too. Usage: ``python -m polis_local.lint_template template.yaml``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cfnlint.api import lint

from polis_local.template import load_template


def lint_expanded(path: Path) -> list[str]:
    expanded = json.dumps(load_template(path))
    return [str(match) for match in lint(expanded, regions=["eu-central-1", "eu-west-1", "us-east-1"])]


def main(argv: list[str]) -> int:
    problems = lint_expanded(Path(argv[0]))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
