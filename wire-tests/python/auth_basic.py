"""The Arrow integration scenario auth:basic_proto, as a pyarrow server or client.

server --port P : handshake expects BasicAuth{arrow, flight}; the token is the username; every
                  call must carry it; DoAction answers one Result with the peer identity.
client --port P : DoAction without authenticating must fail UNAUTHENTICATED; after the basic
                  handshake DoAction must answer exactly one Result "arrow".
"""
import argparse
import sys
import threading

import pyarrow.flight as flight

USER, PASSWORD = "arrow", "flight"


class ServerHandler(flight.ServerAuthHandler):
    def authenticate(self, outgoing, incoming):
        auth = flight.BasicAuth.deserialize(incoming.read())
        username = auth.username.decode() if isinstance(auth.username, bytes) else auth.username
        password = auth.password.decode() if isinstance(auth.password, bytes) else auth.password
        if username != USER or password != PASSWORD:
            raise flight.FlightUnauthenticatedError("invalid username or password")
        outgoing.write(username.encode())

    def is_valid(self, token):
        if token != USER.encode():
            raise flight.FlightUnauthenticatedError("invalid or missing token")
        return USER


class Server(flight.FlightServerBase):
    def do_action(self, context, action):
        return [flight.Result(context.peer_identity())]


class ClientHandler(flight.ClientAuthHandler):
    def __init__(self):
        super().__init__()
        self.token = None

    def authenticate(self, outgoing, incoming):
        outgoing.write(flight.BasicAuth(USER, PASSWORD).serialize())
        self.token = incoming.read()

    def get_token(self):
        return self.token


def serve(port):
    server = Server(f"grpc://localhost:{port}", auth_handler=ServerHandler())
    print(f"Server listening on localhost:{server.port}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve()
    return 0


def client(port):
    c = flight.connect(f"grpc://localhost:{port}")
    opts = flight.FlightCallOptions(timeout=30)
    try:
        list(c.do_action(flight.Action("whoami", b""), options=opts))
        print("FAIL auth:basic_proto: an unauthenticated DoAction succeeded")
        return 1
    except flight.FlightUnauthenticatedError:
        pass
    c.authenticate(ClientHandler(), options=opts)
    results = [r.body.to_pybytes() for r in c.do_action(flight.Action("whoami", b""), options=opts)]
    if results != [USER.encode()]:
        print(f"FAIL auth:basic_proto: expected [b'arrow'], got {results!r}")
        return 1
    print("PASS auth:basic_proto")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["server", "client"])
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    return serve(a.port) if a.mode == "server" else client(a.port)


if __name__ == "__main__":
    sys.exit(main())
