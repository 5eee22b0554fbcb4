"""django-ninja authentication by `Authorization: Bearer <token>`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from jisr.accounts.tokens import token_lookup

# The request attribute that holds the ApiToken used, so `POST /auth/token/revoke` can revoke it.
TOKEN_REQUEST_ATTR = "jisr_api_token"


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_lookup(token)
        if api_token is None:
            return None
        request.user = api_token.user
        setattr(request, TOKEN_REQUEST_ATTR, api_token)
        return api_token.user
