"""The Polis HTTP API: one Chalice app, a blueprint per audience."""

from aws_lambda_powertools.logging import correlation_paths
from chalice import Chalice, ConvertToMiddleware

from chalicelib.api_docs import api_docs
from chalicelib.auth import auth, citizen_auth, staff_auth
from chalicelib.citizen import citizen
from chalicelib.citizen_requests import citizen_requests
from chalicelib.consultations import consultations, open_consultations
from chalicelib.devices import devices
from chalicelib.open311 import open311
from chalicelib.open_data import open_data
from chalicelib.operations import operations
from chalicelib.participation import participation
from chalicelib.staff import staff
from chalicelib.staff_requests import staff_requests
from chalicelib.waste import waste
from polis.config import StoreSettings, check_at_cold_start
from polis.identity.tokens import IdentitySettings
from polis.observability import logger, metrics, tracer

# The authorizer functions load this module too, so only what all three read is checked here.
check_at_cold_start(StoreSettings, IdentitySettings)

# The authorizers are Lambda handlers of their own (app.citizen_auth, app.staff_auth in template.yaml).
__all__ = ["app", "citizen_auth", "staff_auth"]

app = Chalice(app_name="polis-api")
# Every request's log lines carry the Lambda context and API Gateway's request id; contract.route
# adds the route and access.py the municipality.
app.register_middleware(
    ConvertToMiddleware(
        logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    ),
    "http",
)
app.register_middleware(ConvertToMiddleware(tracer.capture_lambda_handler), "http")
app.register_middleware(ConvertToMiddleware(metrics.log_metrics), "http")
app.register_blueprint(auth)
app.register_blueprint(open_data, url_prefix="/v1/open")
app.register_blueprint(citizen, url_prefix="/v1/citizen")
app.register_blueprint(staff, url_prefix="/v1/staff")
app.register_blueprint(devices, url_prefix="/v1/staff")
app.register_blueprint(operations, url_prefix="/v1/staff")
app.register_blueprint(waste, url_prefix="/v1/staff")
app.register_blueprint(consultations, url_prefix="/v1/staff")
app.register_blueprint(open_consultations, url_prefix="/v1/open")
app.register_blueprint(participation, url_prefix="/v1/citizen")
app.register_blueprint(citizen_requests, url_prefix="/v1/citizen")
app.register_blueprint(staff_requests, url_prefix="/v1/staff")
app.register_blueprint(open311, url_prefix="/v1/open311")
app.register_blueprint(api_docs, url_prefix="/v1")
