"""Create the template's resources on moto, as CloudFormation would in AWS."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import boto3

from polis_local.template import LocalStack

_LAMBDA_ROLE = "polis-local-lambda"

# What CreateUserPool / CreateUserPoolClient take under the template's own property names (and moto
# keeps); the rest (EnabledMfas, DeletionProtection, ...) has no local effect.
_USER_POOL_ARGS = (
    "AdminCreateUserConfig",
    "AutoVerifiedAttributes",
    "AccountRecoverySetting",
    "MfaConfiguration",
    "Policies",
    "Schema",
    "UsernameAttributes",
    "UsernameConfiguration",
)
_USER_POOL_CLIENT_ARGS = (
    "ExplicitAuthFlows",
    "GenerateSecret",
    "ReadAttributes",
    "WriteAttributes",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "IdTokenValidity",
    "AccessTokenValidity",
    "RefreshTokenValidity",
    "TokenValidityUnits",
)


def _placeholder_zip() -> bytes:
    # moto needs a code package to register a function; the local runtime runs the real code in-process.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README", "code runs in-process on the local platform")
    return buffer.getvalue()


def _api_shape(node: Any) -> Any:
    """CloudFormation's TopicRulePayload (PascalCase) as the CreateTopicRule API spells it (camelCase)."""
    if isinstance(node, dict):
        return {key[:1].lower() + key[1:]: _api_shape(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_api_shape(value) for value in node]
    return node


class Provisioner:
    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        self.created: list[str] = []
        self.skipped: dict[str, str] = {}

    def client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=self.stack.endpoint_url)

    def provision(self) -> None:
        creators: dict[str, Callable[[str, dict[str, Any]], None]] = {
            "AWS::DynamoDB::Table": self._table,
            "AWS::SQS::Queue": self._queue,
            "AWS::SNS::Topic": self._topic,
            "AWS::Events::EventBus": self._event_bus,
            "AWS::S3::Bucket": self._bucket,
            "AWS::Cognito::UserPool": self._user_pool,
            "AWS::Cognito::UserPoolClient": self._user_pool_client,
            "AWS::Cognito::UserPoolGroup": self._user_pool_group,
            "AWS::Serverless::Function": self._function,
            "AWS::IoT::TopicRule": self._topic_rule,
            "AWS::Serverless::StateMachine": self._state_machine,
        }
        # Order matters only where one resource names another at creation (clients and groups name
        # their pool, functions' environments the pools and clients, rules name functions).
        order = list(creators)
        for kind in order:
            for logical_id, resource in self.stack.of_type(kind).items():
                creators[kind](logical_id, resource.get("Properties", {}))
                self.created.append(logical_id)
        for logical_id, resource in self.stack.resources.items():
            if resource["Type"] not in creators:
                self.skipped[logical_id] = resource["Type"]

    def _table(self, logical_id: str, props: dict[str, Any]) -> None:
        props = self.stack.resolve(props)
        args: dict[str, Any] = {
            "TableName": self.stack.physical_name(logical_id),
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "GlobalSecondaryIndexes" in props:
            args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        dynamodb = self.client("dynamodb")
        dynamodb.create_table(**args)
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            dynamodb.update_time_to_live(TableName=args["TableName"], TimeToLiveSpecification=ttl)

    def _queue(self, logical_id: str, props: dict[str, Any]) -> None:
        attributes = {
            k: str(v)
            for k, v in self.stack.resolve(props).items()
            if k in ("MessageRetentionPeriod", "VisibilityTimeout")
        }
        self.client("sqs").create_queue(QueueName=self.stack.physical_name(logical_id), Attributes=attributes)

    def _topic(self, logical_id: str, props: dict[str, Any]) -> None:
        self.client("sns").create_topic(Name=self.stack.physical_name(logical_id))

    def _event_bus(self, logical_id: str, props: dict[str, Any]) -> None:
        self.client("events").create_event_bus(Name=self.stack.physical_name(logical_id))

    def _bucket(self, logical_id: str, props: dict[str, Any]) -> None:
        self.client("s3").create_bucket(Bucket=self.stack.physical_name(logical_id))

    def _user_pool(self, logical_id: str, props: dict[str, Any]) -> None:
        props = self.stack.resolve(props)
        pool = self.client("cognito-idp").create_user_pool(
            PoolName=self.stack.physical_name(logical_id),
            **{key: props[key] for key in _USER_POOL_ARGS if key in props},
        )["UserPool"]
        self.stack.record_physical_id(logical_id, pool["Id"])

    def _user_pool_client(self, logical_id: str, props: dict[str, Any]) -> None:
        props = self.stack.resolve(props)
        client = self.client("cognito-idp").create_user_pool_client(
            UserPoolId=props["UserPoolId"],
            ClientName=self.stack.physical_name(logical_id),
            **{key: props[key] for key in _USER_POOL_CLIENT_ARGS if key in props},
        )["UserPoolClient"]
        self.stack.record_physical_id(logical_id, client["ClientId"])

    def _user_pool_group(self, logical_id: str, props: dict[str, Any]) -> None:
        props = self.stack.resolve(props)
        self.client("cognito-idp").create_group(
            UserPoolId=props["UserPoolId"],
            GroupName=props["GroupName"],
            Description=props.get("Description", ""),
        )

    def _function(self, logical_id: str, props: dict[str, Any]) -> None:
        spec = self.stack.functions[logical_id]
        iam = self.client("iam")
        try:
            role_arn = iam.get_role(RoleName=_LAMBDA_ROLE)["Role"]["Arn"]
        except iam.exceptions.NoSuchEntityException:
            role_arn = iam.create_role(RoleName=_LAMBDA_ROLE, AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        self.client("lambda").create_function(
            FunctionName=spec.name,
            Runtime="python3.12",
            Role=role_arn,
            Handler=spec.handler,
            Code={"ZipFile": _placeholder_zip()},
            Timeout=spec.timeout,
            Environment={"Variables": spec.environment},
        )

    def _topic_rule(self, logical_id: str, props: dict[str, Any]) -> None:
        props = self.stack.resolve(props)
        self.client("iot").create_topic_rule(
            ruleName=props["RuleName"], topicRulePayload=_api_shape(props["TopicRulePayload"])
        )

    def _state_machine(self, logical_id: str, props: dict[str, Any]) -> None:
        self.client("stepfunctions").create_state_machine(
            name=self.stack.physical_name(logical_id),
            definition=self.stack.state_machine_definition(logical_id),
            roleArn=f"arn:aws:iam::123456789012:role/{_LAMBDA_ROLE}",
        )
