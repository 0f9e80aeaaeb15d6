"""The Chalice API on 127.0.0.1, served by chalice's own local server in a thread."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any

from chalice.config import Config
from chalice.local import create_local_server


def load_chalice_app(app_dir: Path) -> Any:
    """Import the API function's ``app.py`` as Lambda would (its folder on the path, for chalicelib)."""
    if str(app_dir) not in sys.path:
        sys.path.insert(0, str(app_dir))
    # Chalice consumes a blueprint's route options when an app registers it: a second app built from
    # the same imported blueprints would get routes without their authorizers. Import them afresh.
    for name in [m for m in sys.modules if m == "chalicelib" or m.startswith("chalicelib.")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location("polis_fn_api", app_dir / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


class ApiServer:
    def __init__(self, app_dir: Path, port: int) -> None:
        self.port = port
        app = load_chalice_app(app_dir)
        config = Config.create(chalice_app=app, lambda_timeout=30, app_name=app.app_name, stage="api")
        self._server = create_local_server(app, config, "127.0.0.1", port)
        self._thread = threading.Thread(target=self._server.server.serve_forever, name="api", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server.server_close()
