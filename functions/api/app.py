"""The Polis HTTP API: one Chalice app, a blueprint per audience."""

from chalice import Chalice

from chalicelib.auth import auth, citizen_auth, staff_auth
from chalicelib.citizen import citizen
from chalicelib.fleet import fleet
from chalicelib.open_data import open_data
from chalicelib.operations import operations
from chalicelib.staff import staff

# The authorizers are Lambda handlers of their own (app.citizen_auth, app.staff_auth in template.yaml).
__all__ = ["app", "citizen_auth", "staff_auth"]

app = Chalice(app_name="polis-api")
app.register_blueprint(auth)
app.register_blueprint(open_data, url_prefix="/v1/open")
app.register_blueprint(citizen, url_prefix="/v1/citizen")
app.register_blueprint(staff, url_prefix="/v1/staff")
app.register_blueprint(fleet, url_prefix="/v1/staff")
app.register_blueprint(operations, url_prefix="/v1/staff")
