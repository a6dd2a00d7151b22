"""The header authentication convention (Basic answered with Bearer), as a pyarrow server or client.

server --port P : a middleware checks `authorization` on every call: Basic user:pass -> answer
                  `authorization: Bearer <token>`; Bearer <token> -> accepted; otherwise
                  UNAUTHENTICATED. DoAction answers one Result with the authenticated user.
client --port P : a call without credentials and a wrong password must fail UNAUTHENTICATED;
                  authenticate_basic_token(user, pass) returns a bearer header; with it DoAction
                  answers "user"; a made-up bearer token fails UNAUTHENTICATED.
"""
import argparse
import base64
import secrets
import sys
import threading

import pyarrow.flight as flight

USER, PASSWORD = "user", "pass"


class AuthMiddleware(flight.ServerMiddleware):
    def __init__(self, user, token=None):
        self.user = user
        self.token = token

    def sending_headers(self):
        return {"authorization": "Bearer " + self.token} if self.token else {}


class AuthFactory(flight.ServerMiddlewareFactory):
    def __init__(self):
        self.tokens = {}

    def start_call(self, info, headers):
        values = headers.get("authorization") or []
        if not values:
            raise flight.FlightUnauthenticatedError("missing credentials")
        value = values[0]
        if value.lower().startswith("basic "):
            user, _, password = base64.b64decode(value[6:]).decode().partition(":")
            if (user, password) != (USER, PASSWORD):
                raise flight.FlightUnauthenticatedError("invalid username or password")
            token = secrets.token_urlsafe(16)
            self.tokens[token] = user
            return AuthMiddleware(user, token)
        if value.lower().startswith("bearer "):
            user = self.tokens.get(value[7:].strip())
            if user is None:
                raise flight.FlightUnauthenticatedError("invalid bearer token")
            return AuthMiddleware(user)
        raise flight.FlightUnauthenticatedError("unsupported scheme")


class NoOpHandshake(flight.ServerAuthHandler):
    """Lets Handshake succeed (pyarrow answers it UNIMPLEMENTED without a handler); the
    middleware does the authentication."""

    def authenticate(self, outgoing, incoming):
        pass

    def is_valid(self, token):
        return ""


class Server(flight.FlightServerBase):
    def do_action(self, context, action):
        return [flight.Result(context.get_middleware("auth").user.encode())]


def serve(port):
    server = Server(f"grpc://localhost:{port}", auth_handler=NoOpHandshake(), middleware={"auth": AuthFactory()})
    print(f"Server listening on localhost:{server.port}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve()
    return 0


def expect_unauthenticated(what, fn):
    try:
        fn()
    except flight.FlightUnauthenticatedError:
        return True
    print(f"FAIL header_auth: {what} did not fail UNAUTHENTICATED")
    return False


def client(port):
    c = flight.connect(f"grpc://localhost:{port}")
    opts = flight.FlightCallOptions(timeout=30)
    whoami = flight.Action("whoami", b"")
    if not expect_unauthenticated("a call without credentials", lambda: list(c.do_action(whoami, options=opts))):
        return 1
    if not expect_unauthenticated("a wrong password", lambda: c.authenticate_basic_token(USER, "wrong", options=opts)):
        return 1
    key, value = c.authenticate_basic_token(USER, PASSWORD, options=opts)
    if key.lower() != b"authorization" or not value.lower().startswith(b"bearer "):
        print(f"FAIL header_auth: unexpected token header {key!r}: {value!r}")
        return 1
    with_token = flight.FlightCallOptions(timeout=30, headers=[(key, value)])
    results = [r.body.to_pybytes() for r in c.do_action(whoami, options=with_token)]
    if results != [USER.encode()]:
        print(f"FAIL header_auth: expected [b'user'], got {results!r}")
        return 1
    bad = flight.FlightCallOptions(timeout=30, headers=[(b"authorization", b"Bearer made-up")])
    if not expect_unauthenticated("a made-up bearer token", lambda: list(c.do_action(whoami, options=bad))):
        return 1
    print("PASS header_auth")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["server", "client"])
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    return serve(a.port) if a.mode == "server" else client(a.port)


if __name__ == "__main__":
    sys.exit(main())
