"""The Polis HTTP API: one Chalice app, a blueprint per audience."""

from chalice import Chalice

from chalicelib.open_data import open_data

app = Chalice(app_name="polis-api")
app.register_blueprint(open_data, url_prefix="/v1/open")
