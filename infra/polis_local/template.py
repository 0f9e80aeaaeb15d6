"""template.yaml read as the local stack: every resource the platform creates comes from here.

The file is loaded with cfn-lint's YAML loader (it knows the intrinsic tags), local
``AWS::Include`` snippets are spliced in, ``Fn::ForEach`` loops are expanded (in that order, as
CloudFormation runs an inline include before the template's ``AWS::LanguageExtensions``), and
intrinsic functions are resolved to the physical names and ARNs the local stack gives its resources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cfnlint.decode import cfn_yaml

REGION = "us-east-1"
ACCOUNT = "123456789012"
LOCAL_API_KEY = "polislocalopen311clientkey"
"""The local platform's one API key (x-api-key), for the routes that require a key in AWS; not a secret."""

# Resources whose physical id the service makes up at creation (CloudFormation's Ref returns it).
_ID_ASSIGNED_AT_CREATION = ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient")


class TemplateError(ValueError):
    pass


def _plain(node: Any) -> Any:
    # cfn-lint's node classes carry line marks; plain JSON types are easier to compare and copy.
    return json.loads(json.dumps(node))


def _splice_includes(node: Any, base: Path) -> Any:
    if isinstance(node, dict):
        transform = node.get("Fn::Transform")
        if isinstance(transform, dict) and transform.get("Name") == "AWS::Include" and len(node) == 1:
            location = transform["Parameters"]["Location"]
            return _splice_includes(json.loads((base / location).read_text()), base)
        return {k: _splice_includes(v, base) for k, v in node.items()}
    if isinstance(node, list):
        return [_splice_includes(v, base) for v in node]
    return node


_FOR_EACH = re.compile(r"^Fn::ForEach::[A-Za-z0-9]+$")
_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


def _substitute(text: str, bindings: dict[str, str]) -> str:
    """``${Identifier}`` and ``&{Identifier}`` (the value's letters and digits only) replaced."""
    for identifier, value in bindings.items():
        text = text.replace("${" + identifier + "}", value)
        text = text.replace("&{" + identifier + "}", re.sub(r"[^0-9A-Za-z]", "", value))
    return text


def _is_literal(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


class _ForEachExpander:
    """``Fn::ForEach`` expanded as the ``AWS::LanguageExtensions`` transform does.

    In a loop's fragment the identifier is replaced in keys (``${Id}``, ``&{Id}``), in ``Fn::Sub``
    strings and where ``Ref`` names it. What then needs no deployed resource is resolved as
    CloudFormation would: a ``Fn::FindInMap`` of literal keys becomes the mapping's value and a
    ``Fn::Sub`` whose variables are all literal a string, so the rest of the platform (and the
    tests) read the loop's names as plain strings.
    """

    def __init__(self, template: dict[str, Any]) -> None:
        self.mappings = template.get("Mappings", {})
        self.parameters = template.get("Parameters", {})

    def expand(self, node: Any, bindings: dict[str, str]) -> Any:
        if isinstance(node, list):
            return [self.expand(item, bindings) for item in node]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Ref":
                return self._ref(arg, bindings)
            if key == "Fn::Sub":
                return self._sub(arg, bindings)
            if key == "Fn::FindInMap":
                return self._find_in_map(self.expand(arg, bindings))
        expanded: dict[str, Any] = {}
        for key, value in node.items():
            if _FOR_EACH.match(key):
                fragments = self._loop(key, value, bindings)
            else:
                fragments = {_substitute(key, bindings): self.expand(value, bindings)}
            for output_key, output in fragments.items():
                if output_key in expanded:
                    raise TemplateError(f"{output_key} is declared twice (in {key})")
                expanded[output_key] = output
        return expanded

    def _loop(self, key: str, value: Any, bindings: dict[str, str]) -> dict[str, Any]:
        if not (isinstance(value, list) and len(value) == 3 and isinstance(value[2], dict)):
            raise TemplateError(f"{key} must be [Identifier, Collection, {{OutputKey: OutputValue}}]")
        identifier, collection, fragment = value
        items = self._collection(self.expand(collection, bindings), key)
        outputs: dict[str, Any] = {}
        for item in items:
            for output_key, output in self.expand(fragment, {**bindings, identifier: item}).items():
                if output_key in outputs:
                    raise TemplateError(f"{output_key} is declared twice (in {key})")
                outputs[output_key] = output
        return outputs

    def _collection(self, collection: Any, key: str) -> list[str]:
        if isinstance(collection, dict) and set(collection) == {"Ref"}:
            # A CommaDelimitedList parameter: locally its default, as nobody passes parameters.
            default = self.parameters.get(collection["Ref"], {}).get("Default")
            collection = default.split(",") if isinstance(default, str) else default
        if not (isinstance(collection, list) and all(isinstance(item, str) for item in collection)):
            raise TemplateError(f"the collection of {key} is not a list of strings: {collection!r}")
        return [item.strip() for item in collection]

    def _ref(self, arg: Any, bindings: dict[str, str]) -> Any:
        name = self.expand(arg, bindings)
        if isinstance(name, str) and name in bindings:
            return bindings[name]
        return {"Ref": name}

    def _sub(self, arg: Any, bindings: dict[str, str]) -> Any:
        if isinstance(arg, str):
            text, variables = _substitute(arg, bindings), {}
        else:
            text, variables = _substitute(arg[0], bindings), self.expand(arg[1], bindings)
        names = _SUB_VARIABLE.findall(text)
        if all(name in variables and _is_literal(variables[name]) for name in names):
            return _SUB_VARIABLE.sub(lambda m: str(variables[m.group(1)]), text)
        return {"Fn::Sub": text if isinstance(arg, str) else [text, variables]}

    def _find_in_map(self, arg: list[Any]) -> Any:
        if not all(_is_literal(part) for part in arg[:3]):
            return {"Fn::FindInMap": arg}
        name, top, second = arg[:3]
        try:
            return self.mappings[name][top][second]
        except KeyError:
            raise TemplateError(
                f"Fn::FindInMap {arg[:3]} names no value of the template's Mappings"
            ) from None


def expand_for_each(template: dict[str, Any]) -> dict[str, Any]:
    """The template with every ``Fn::ForEach`` loop replaced by what it makes."""
    return _ForEachExpander(template).expand(template, {})


def load_template(path: Path) -> dict[str, Any]:
    """The template as plain data: local AWS::Include snippets spliced in, Fn::ForEach expanded."""
    return expand_for_each(_splice_includes(_plain(cfn_yaml.load(str(path))), path.parent))


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str
    environment: dict[str, str]
    timeout: int
    dead_letter_arn: str | None
    events: dict[str, Any]


@dataclass
class LocalStack:
    """Physical names for a template's resources on the local platform."""

    template_path: Path
    stack_name: str = "polis-local"
    endpoint_url: str = "http://127.0.0.1:5000"
    template: dict[str, Any] = field(init=False)
    physical_ids: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.template = load_template(self.template_path)

    def record_physical_id(self, logical_id: str, physical_id: str) -> None:
        """What moto named a resource on creation, for every ``Ref`` to it from now on."""
        self.physical_ids[logical_id] = physical_id
        # Function environments may name it (the user pools); resolve them again.
        self.__dict__.pop("functions", None)

    @property
    def root(self) -> Path:
        return self.template_path.parent

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v["Type"] == resource_type}

    # ------------------------------------------------------------ names and references
    def physical_name(self, logical_id: str) -> str:
        props = self.resources[logical_id].get("Properties", {})
        for key in (
            "TableName",
            "QueueName",
            "TopicName",
            "RuleName",
            "FunctionName",
            "Name",
            "UserPoolName",
            "ClientName",
            "GroupName",
        ):
            if key in props:
                return str(self.resolve(props[key]))
        return f"{self.stack_name}-{logical_id}"

    def arn(self, logical_id: str) -> str:
        kind = self.resources[logical_id]["Type"]
        name = self.physical_name(logical_id)
        arns = {
            "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}",
            "AWS::SQS::Queue": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
            "AWS::SNS::Topic": f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}",
            "AWS::Events::EventBus": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}",
            "AWS::Serverless::Function": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
            "AWS::IoT::TopicRule": f"arn:aws:iot:{REGION}:{ACCOUNT}:rule/{name}",
            "AWS::IAM::Role": f"arn:aws:iam::{ACCOUNT}:role/{name}",
            "AWS::Serverless::StateMachine": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}",
            "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
            "AWS::Serverless::LayerVersion": f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{name}:1",
        }
        if kind not in arns:
            raise TemplateError(f"no local ARN for {logical_id} ({kind})")
        return arns[kind]

    def ref(self, logical_id: str) -> str:
        pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::StackName": self.stack_name,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        if logical_id in pseudo:
            return pseudo[logical_id]
        if logical_id not in self.resources:
            raise TemplateError(f"Ref to unknown resource {logical_id}")
        kind = self.resources[logical_id]["Type"]
        if kind in _ID_ASSIGNED_AT_CREATION:
            # Before provisioning there is no id yet; the marker fails any use of it loudly.
            return self.physical_ids.get(logical_id, f"<{logical_id} not created yet>")
        if kind == "AWS::SQS::Queue":
            return self.queue_url(logical_id)
        if kind in ("AWS::SNS::Topic", "AWS::Serverless::StateMachine", "AWS::Serverless::LayerVersion"):
            return self.arn(logical_id)
        return self.physical_name(logical_id)

    def queue_url(self, logical_id: str) -> str:
        # moto serves queue URLs on its own endpoint; the path part is what SQS clients use.
        return f"{self.endpoint_url}/{ACCOUNT}/{self.physical_name(logical_id)}"

    def resolve(self, value: Any) -> Any:
        """Resolve the intrinsic functions this project's template uses."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                logical_id, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
                if attribute == "Arn":
                    return self.arn(logical_id)
                if attribute in ("QueueUrl",):
                    return self.queue_url(logical_id)
                if attribute in ("QueueName", "Name"):
                    return self.physical_name(logical_id)
                raise TemplateError(f"unsupported attribute {logical_id}.{attribute}")
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
                return re.sub(r"\$\{([^}!]+)\}", lambda m: self._sub_variable(m.group(1), variables), text)
            if key == "Fn::Join":
                separator, parts = arg
                return separator.join(str(p) for p in self.resolve(parts))
            if key.startswith("Fn::") or key == "Condition":
                raise TemplateError(f"intrinsic {key} is not supported by the local platform")
        return {k: self.resolve(v) for k, v in value.items()}

    def _sub_variable(self, name: str, variables: dict[str, Any]) -> str:
        if name in variables:
            return str(variables[name])
        if "." in name:
            logical_id, attribute = name.split(".", 1)
            return str(self.resolve({"Fn::GetAtt": [logical_id, attribute]}))
        return str(self.ref(name))

    # ------------------------------------------------------------ functions
    @cached_property
    def functions(self) -> dict[str, FunctionSpec]:
        globals_ = self.template.get("Globals", {}).get("Function", {})
        specs = {}
        for logical_id, resource in self.of_type("AWS::Serverless::Function").items():
            props = resource["Properties"]
            env = {
                **globals_.get("Environment", {}).get("Variables", {}),
                **props.get("Environment", {}).get("Variables", {}),
                **self.local_environment(),
            }
            dlq = props.get("DeadLetterQueue")
            specs[logical_id] = FunctionSpec(
                logical_id=logical_id,
                name=self.physical_name(logical_id),
                arn=self.arn(logical_id),
                code_dir=self.root / props["CodeUri"],
                handler=props.get("Handler", globals_.get("Handler", "")),
                environment={k: str(v) for k, v in self.resolve(env).items()},
                timeout=int(props.get("Timeout", globals_.get("Timeout", 3))),
                dead_letter_arn=self.resolve(dlq["TargetArn"]) if dlq else None,
                events=props.get("Events", {}),
            )
        return specs

    def function_by_arn_or_name(self, name_or_arn: str) -> FunctionSpec:
        for spec in self.functions.values():
            if name_or_arn in (spec.name, spec.arn, spec.logical_id) or name_or_arn.startswith(
                spec.arn + ":"
            ):
                return spec
        raise TemplateError(f"no function {name_or_arn} in {self.template_path.name}")

    def shared_environment(self) -> dict[str, str]:
        """Variables every function gets (Globals): the process-wide environment locally."""
        globals_ = self.template.get("Globals", {}).get("Function", {})
        variables = {**globals_.get("Environment", {}).get("Variables", {}), **self.local_environment()}
        return {k: str(v) for k, v in self.resolve(variables).items()}

    def local_environment(self) -> dict[str, str]:
        """Variables the local platform adds to every function: what AWS serves, moto serves here."""
        # The user pools' signing keys (moto's tokens still name Cognito as their issuer).
        # Downlinks are recorded, as moto has no IoT Core for LoRaWAN to send them through.
        # Metrics would be CloudWatch EMF lines on stdout, drowning the platform's own output.
        # Handlers run one at a time in-process, so a route solver's budget holds up every other
        # function (ingestion too): locally it gets seconds, not a minute.
        # No API Gateway checks API keys here: the app checks the local one (chalicelib/access.py).
        return {
            "POLIS_JWKS_BASE_URL": self.endpoint_url,
            "POLIS_DOWNLINK_SENDER": "record",
            "POLIS_NOTIFICATION_NOTIFIER": "capture",
            "POLIS_LOCAL_API_KEY": LOCAL_API_KEY,
            "POLIS_ROUTING_TIME_LIMIT_S": "5",
            "POWERTOOLS_METRICS_DISABLED": "true",
            # The console shows what needs a look (rejects, failures), not every routine step.
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }

    # ------------------------------------------------------------ state machines
    def state_machine_definition(self, logical_id: str) -> str:
        """The ASL with DefinitionSubstitutions applied, as SAM does at deploy time."""
        props = self.resources[logical_id]["Properties"]
        text = (self.root / props["DefinitionUri"]).read_text()
        for key, value in self.resolve(props.get("DefinitionSubstitutions", {})).items():
            text = text.replace("${" + key + "}", str(value))
        return text
