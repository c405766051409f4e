"""HTTP handlers for the emulated PingOne endpoints: the token endpoint and the management API.

Paths carry the region first, so one local server stands in for every regional host::

    PingOne                                               emulator
    https://auth.pingone.eu/{envId}/as/token              http://127.0.0.1:8790/eu/{envId}/as/token
    https://api.pingone.eu/v1/environments/{envId}/...    http://127.0.0.1:8790/eu/v1/environments/{envId}/...

(``/v1/...`` and ``/{envId}/as/token`` without a region mean NA.) An environment is reachable only through
its own region: asking another region for it gets 404, as the real service does.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import scim
from .errors import ApiError, Detail, bad_request, forbidden, not_found, unauthorized
from .state import REGIONS, EmulatorState
from .store import Environment
from .validate import without_secrets

__all__ = ["api_routes"]

Handler = Callable[[Request], Awaitable[Response]]

TEMPLATE_FILTER_ATTRS = {"createdAt": "createdAt", "updatedAt": "updatedAt"}
CONTENT_FILTER_ATTRS = {
    "createdAt": "createdAt",
    "updatedAt": "updatedAt",
    "default": "default",
    "locale": "locale",
    "deliveryMethod": "deliveryMethod",
    "variant": "variant",
}
MAX_LIMIT = 1000


class Api:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    # ------------------------------------------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------------------------------------------
    @staticmethod
    def region(request: Request) -> str:
        region = str(request.path_params["region"]).upper()
        if region not in REGIONS:
            raise not_found(f"region {region}")
        return region

    def base(self, request: Request) -> str:
        return f"{request.url.scheme}://{request.url.netloc}/{request.path_params['region'].lower()}/v1"

    def authorize(self, request: Request) -> Environment:
        """Bearer token → worker app → environment in this region → permission, in the order PingOne checks."""
        region = self.region(request)
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("An Authorization: Bearer <access token> header is required")
        found = self.state.store.token(token.strip())
        if found is None:
            raise unauthorized("The access token is not valid")
        client_id, token_region, expires_at = found
        if expires_at <= time.time():
            raise unauthorized("The access token has expired")
        if token_region != region:
            raise unauthorized(f"The access token was issued in region {token_region}, not {region}")
        request.state.client_id = client_id
        env_id = str(request.path_params["env_id"])
        env = self.state.environment(env_id)
        app = self.state.store.worker_app(client_id)
        if env is None and app is not None and env_id in app.managed_environments:
            # A deleted environment: the app's role assignment points at nothing. PingOne answers 400/401/403
            # here, not 404 (the Terraform provider's CheckEnvironmentExistsOnPermissionsError then reads
            # GET /environments/{id}, ../shared/reference/terraform-provider-notes.md §7).
            raise forbidden(
                f"The actor attempting to perform the request is not authorized: environment {env_id} does not "
                "exist any more"
            )
        if env is None or env.region != region:
            raise not_found(f"environment {env_id}")
        if app is None or env.id not in app.managed_environments:
            raise forbidden(f"The worker app {client_id} has no role in environment {env.id}")
        return env

    async def get_environment(self, request: Request) -> Response:
        """``GET /environments/{id}``: 404 once the environment is deleted (what clients probe after a 403)."""
        env_id = str(request.path_params["env_id"])
        region = self.region(request)
        try:
            env = self.authorize(request)
        except ApiError as err:
            if err.status == 403 and self.state.environment(env_id) is None:
                raise not_found(f"environment {env_id}") from None
            raise
        doc = {
            "id": env.id,
            "name": env.name,
            "region": region,
            "type": env.type,
            "createdAt": env.created_at,
        }
        links = {"self": {"href": f"{self.base(request)}/environments/{env.id}"}}
        return JSONResponse({"_links": links, **doc})

    @staticmethod
    async def json_body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        try:
            body = json.loads(raw or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise bad_request(f"Malformed JSON in the request body: {err}") from err
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object")
        return body

    def links(self, request: Request, env: Environment, path: str, **extra: str) -> dict[str, Any]:
        base = self.base(request)
        out = {"self": {"href": f"{base}{path}"}, "environment": {"href": f"{base}/environments/{env.id}"}}
        out.update({k: {"href": f"{base}{v}"} for k, v in extra.items()})
        return out

    def page(
        self,
        request: Request,
        env: Environment,
        items: list[dict[str, Any]],
        key: str,
        path: str,
        item_path: Callable[[dict[str, Any]], str],
        **extra_links: str,
    ) -> JSONResponse:
        params = request.query_params
        limit = self.state.settings.page_size
        if "limit" in params:
            try:
                limit = int(params["limit"])
                if not 1 <= limit <= MAX_LIMIT:
                    raise ValueError
            except ValueError:
                raise ApiError(
                    400,
                    "INVALID_DATA",
                    "The request could not be completed.",
                    [
                        Detail(
                            "INVALID_VALUE",
                            "limit",
                            f"limit must be an integer from 1 to {MAX_LIMIT}",
                            {"rangeMinimumValue": 1, "rangeMaximumValue": MAX_LIMIT},
                        )
                    ],
                ) from None
        offset = 0
        if "cursor" in params:
            try:
                offset = int(base64.urlsafe_b64decode(params["cursor"].encode()).decode().removeprefix("o:"))
                if offset < 0:
                    raise ValueError
            except (ValueError, binascii.Error, UnicodeDecodeError):
                raise bad_request("The cursor is not valid; use the _links.next.href of the previous page") from None
        chunk = items[offset : offset + limit]
        links = self.links(request, env, path + _query(params), **extra_links)
        if offset + limit < len(items):
            cursor = base64.urlsafe_b64encode(f"o:{offset + limit}".encode()).decode()
            links["next"] = {"href": f"{self.base(request)}{path}{_query(params, cursor=cursor)}"}
        if offset > 0:
            prev = base64.urlsafe_b64encode(f"o:{max(offset - limit, 0)}".encode()).decode()
            links["prev"] = {"href": f"{self.base(request)}{path}{_query(params, cursor=prev)}"}
        embedded = [{"_links": {"self": {"href": f"{self.base(request)}{item_path(i)}"}}, **i} for i in chunk]
        return JSONResponse({"_links": links, "_embedded": {key: embedded}, "count": len(items), "size": len(chunk)})

    # ------------------------------------------------------------------------------------------------------------
    # token endpoint
    # ------------------------------------------------------------------------------------------------------------
    async def token(self, request: Request) -> Response:
        region = self.region(request)
        env_id = str(request.path_params["env_id"])
        env = self.state.environment(env_id)
        if env is None or env.region != region:
            return _oauth_error(404, "invalid_request", f"Environment {env_id} was not found in region {region}")
        form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported")
        client_id = client_secret = None
        style = None
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
                raw_id, _, raw_secret = decoded.partition(":")
                client_id, client_secret, style = unquote(raw_id), unquote(raw_secret), "CLIENT_SECRET_BASIC"
            except (binascii.Error, UnicodeDecodeError):
                return _oauth_error(401, "invalid_client", "Malformed Basic authorization header")
        elif "client_id" in form and "client_secret" in form:
            client_id, client_secret, style = form["client_id"], form["client_secret"], "CLIENT_SECRET_POST"
        if client_id is None or client_secret is None:
            return _oauth_error(401, "invalid_client", "Client authentication is required")
        app = self.state.store.worker_app(client_id)
        if app is None or app.environment_id != env.id or not self.state.check_secret(app, client_secret):
            return _oauth_error(401, "invalid_client", "Client authentication failed: unknown client or wrong secret")
        if style != app.auth_method:
            return _oauth_error(
                401, "invalid_client", f"Unsupported authentication method: this application uses {app.auth_method}"
            )
        request.state.client_id = client_id
        token, expires_in = self.state.issue_token(app, region)
        return JSONResponse(
            {"access_token": token, "token_type": "Bearer", "expires_in": expires_in},
            headers={"cache-control": "no-store", "pragma": "no-cache"},
        )

    # ------------------------------------------------------------------------------------------------------------
    # templates and contents
    # ------------------------------------------------------------------------------------------------------------
    async def list_templates(self, request: Request) -> Response:
        env = self.authorize(request)
        from .catalog import TEMPLATES

        items = [self.state.template(env, name) for name in TEMPLATES]
        items = _filter_and_order(items, request, TEMPLATE_FILTER_ATTRS)
        return self.page(
            request,
            env,
            items,
            "templates",
            f"/environments/{env.id}/templates",
            lambda t: f"/environments/{env.id}/templates/{t['id']}",
        )

    async def get_template(self, request: Request) -> Response:
        env = self.authorize(request)
        name = str(request.path_params["template"])
        doc = self.state.template(env, name)
        return JSONResponse({"_links": self.links(request, env, f"/environments/{env.id}/templates/{name}"), **doc})

    def _content_response(self, request: Request, env: Environment, doc: dict[str, Any], status: int = 200) -> Response:
        template = doc["template"]["id"]
        links = self.links(
            request,
            env,
            f"/environments/{env.id}/templates/{template}/contents/{doc['id']}",
            template=f"/environments/{env.id}/templates/{template}",
        )
        return JSONResponse({"_links": links, **doc}, status_code=status)

    async def list_contents(self, request: Request) -> Response:
        env = self.authorize(request)
        template = str(request.path_params["template"])
        items = _filter_and_order(self.state.contents(env, template), request, CONTENT_FILTER_ATTRS)
        path = f"/environments/{env.id}/templates/{template}/contents"
        return self.page(
            request,
            env,
            items,
            "contents",
            path,
            lambda c: f"{path}/{c['id']}",
            template=f"/environments/{env.id}/templates/{template}",
        )

    async def create_content(self, request: Request) -> Response:
        env = self.authorize(request)
        doc = self.state.create_content(env, str(request.path_params["template"]), await self.json_body(request))
        return self._content_response(request, env, doc, 201)

    async def delete_variant_contents(self, request: Request) -> Response:
        env = self.authorize(request)
        text = request.query_params.get("filter", "")
        matched = _VARIANT_FILTER.match(text)
        if not matched:
            raise ApiError(
                400,
                "INVALID_DATA",
                "The request could not be completed. The filter is not valid.",
                [Detail("INVALID_FILTER", "filter", 'use filter=variant eq "<name>"')],
            )
        self.state.delete_variant(env, str(request.path_params["template"]), matched.group(1))
        return Response(status_code=204)

    async def get_content(self, request: Request) -> Response:
        env = self.authorize(request)
        p = request.path_params
        return self._content_response(request, env, self.state.content(env, p["template"], p["content_id"]))

    async def update_content(self, request: Request) -> Response:
        env = self.authorize(request)
        p = request.path_params
        doc = self.state.update_content(env, p["template"], p["content_id"], await self.json_body(request))
        return self._content_response(request, env, doc)

    async def delete_content(self, request: Request) -> Response:
        env = self.authorize(request)
        p = request.path_params
        self.state.delete_content(env, p["template"], p["content_id"])
        return Response(status_code=204)

    # ------------------------------------------------------------------------------------------------------------
    # notification policies
    # ------------------------------------------------------------------------------------------------------------
    def _policy_response(self, request: Request, env: Environment, doc: dict[str, Any], status: int = 200) -> Response:
        path = f"/environments/{env.id}/notificationsPolicies/{doc['id']}"
        return JSONResponse({"_links": self.links(request, env, path), **doc}, status_code=status)

    async def list_policies(self, request: Request) -> Response:
        env = self.authorize(request)
        path = f"/environments/{env.id}/notificationsPolicies"
        return self.page(
            request,
            env,
            self.state.store.list(env.id, "policy"),
            "notificationsPolicies",
            path,
            lambda d: f"{path}/{d['id']}",
        )

    async def create_policy(self, request: Request) -> Response:
        env = self.authorize(request)
        # The spec documents 200 (not 201) for this create.
        return self._policy_response(request, env, self.state.create_policy(env, await self.json_body(request)))

    async def get_policy(self, request: Request) -> Response:
        env = self.authorize(request)
        return self._policy_response(request, env, self.state.policy(env, request.path_params["policy_id"]))

    async def update_policy(self, request: Request) -> Response:
        env = self.authorize(request)
        doc = self.state.update_policy(env, request.path_params["policy_id"], await self.json_body(request))
        return self._policy_response(request, env, doc)

    async def delete_policy(self, request: Request) -> Response:
        env = self.authorize(request)
        self.state.delete_policy(env, request.path_params["policy_id"])
        return Response(status_code=204)

    # ------------------------------------------------------------------------------------------------------------
    # phone delivery settings
    # ------------------------------------------------------------------------------------------------------------
    def _phone_response(self, request: Request, env: Environment, doc: dict[str, Any], status: int = 200) -> Response:
        path = f"/environments/{env.id}/notificationsSettings/phoneDeliverySettings/{doc['id']}"
        return JSONResponse({"_links": self.links(request, env, path), **without_secrets(doc)}, status_code=status)

    async def list_phone(self, request: Request) -> Response:
        env = self.authorize(request)
        path = f"/environments/{env.id}/notificationsSettings/phoneDeliverySettings"
        items = [without_secrets(d) for d in self.state.store.list(env.id, "phone")]
        return self.page(request, env, items, "phoneDeliverySettings", path, lambda d: f"{path}/{d['id']}")

    async def create_phone(self, request: Request) -> Response:
        env = self.authorize(request)
        doc = self.state.create_phone_settings(env, await self.json_body(request))
        return self._phone_response(request, env, doc, 201)

    async def get_phone(self, request: Request) -> Response:
        env = self.authorize(request)
        return self._phone_response(request, env, self.state.phone_settings(env, request.path_params["phone_id"]))

    async def update_phone(self, request: Request) -> Response:
        env = self.authorize(request)
        doc = self.state.update_phone_settings(env, request.path_params["phone_id"], await self.json_body(request))
        return self._phone_response(request, env, doc)

    async def delete_phone(self, request: Request) -> Response:
        env = self.authorize(request)
        self.state.delete_phone_settings(env, request.path_params["phone_id"])
        return Response(status_code=204)

    # ------------------------------------------------------------------------------------------------------------
    # notifications settings
    # ------------------------------------------------------------------------------------------------------------
    def _settings_response(self, request: Request, env: Environment, doc: dict[str, Any]) -> Response:
        return JSONResponse(
            {"_links": self.links(request, env, f"/environments/{env.id}/notificationsSettings"), **doc}
        )

    async def get_settings(self, request: Request) -> Response:
        env = self.authorize(request)
        return self._settings_response(request, env, self.state.notifications_settings(env))

    async def put_settings(self, request: Request) -> Response:
        env = self.authorize(request)
        return self._settings_response(
            request, env, self.state.put_notifications_settings(env, await self.json_body(request))
        )

    async def delete_settings(self, request: Request) -> Response:
        env = self.authorize(request)
        # DELETE resets to the defaults and answers 200 with the reset object (not 204).
        return self._settings_response(request, env, self.state.reset_notifications_settings(env))

    # ------------------------------------------------------------------------------------------------------------
    # sending a notification (the connector's Send Email / SMS / Voice; see send.py)
    # ------------------------------------------------------------------------------------------------------------
    async def send(self, request: Request) -> Response:
        env = self.authorize(request)
        body = await self.json_body(request)
        return JSONResponse(self.state.send(env, body), status_code=200 if body.get("dryRun") else 201)


def _query(params: Any, **override: str) -> str:
    merged = {k: v for k, v in params.items() if k != "cursor"}
    merged.update(override)
    return f"?{urlencode(merged)}" if merged else ""


def _filter_and_order(items: list[dict[str, Any]], request: Request, attrs: dict[str, str]) -> list[dict[str, Any]]:
    text = request.query_params.get("filter")
    if text:
        predicate = scim.parse_filter(text, attrs)
        items = [i for i in items if predicate(i)]
    attr, descending = scim.order_key(request.query_params.get("order"))
    return sorted(items, key=lambda i: (str(i.get(attr, "")), str(i.get("id"))), reverse=descending)


def _oauth_error(status: int, error: str, description: str) -> Response:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers={"cache-control": "no-store"}
    )


_VARIANT_FILTER = re.compile(r'^\s*variant\s+eq\s+"([^"]+)"\s*$', re.IGNORECASE)


def api_routes(state: EmulatorState) -> list[Route]:
    api = Api(state)
    env = "/{region}/v1/environments/{env_id}"
    tpl = env + "/templates/{template}"
    pol = env + "/notificationsPolicies"
    phone = env + "/notificationsSettings/phoneDeliverySettings"
    return [
        Route("/{region}/{env_id}/as/token", api.token, methods=["POST"]),
        Route(env, api.get_environment, methods=["GET"]),
        Route(env + "/templates", api.list_templates, methods=["GET"]),
        Route(tpl, api.get_template, methods=["GET"]),
        Route(tpl + "/contents", api.list_contents, methods=["GET"]),
        Route(tpl + "/contents", api.create_content, methods=["POST"]),
        Route(tpl + "/contents", api.delete_variant_contents, methods=["DELETE"]),
        Route(tpl + "/contents/{content_id}", api.get_content, methods=["GET"]),
        Route(tpl + "/contents/{content_id}", api.update_content, methods=["PUT"]),
        Route(tpl + "/contents/{content_id}", api.delete_content, methods=["DELETE"]),
        Route(pol, api.list_policies, methods=["GET"]),
        Route(pol, api.create_policy, methods=["POST"]),
        Route(pol + "/{policy_id}", api.get_policy, methods=["GET"]),
        Route(pol + "/{policy_id}", api.update_policy, methods=["PUT"]),
        Route(pol + "/{policy_id}", api.delete_policy, methods=["DELETE"]),
        Route(phone, api.list_phone, methods=["GET"]),
        Route(phone, api.create_phone, methods=["POST"]),
        Route(phone + "/{phone_id}", api.get_phone, methods=["GET"]),
        Route(phone + "/{phone_id}", api.update_phone, methods=["PUT"]),
        Route(phone + "/{phone_id}", api.delete_phone, methods=["DELETE"]),
        Route(env + "/notificationsSettings", api.get_settings, methods=["GET"]),
        Route(env + "/notificationsSettings", api.put_settings, methods=["PUT"]),
        Route(env + "/notificationsSettings", api.delete_settings, methods=["DELETE"]),
        Route(env + "/notifications", api.send, methods=["POST"]),
    ]
