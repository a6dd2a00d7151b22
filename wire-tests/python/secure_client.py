"""A pyarrow client of the secured demo service (`serve --tls-cert/--tls-key/--tls-client-ca
--user/--password`), as a user would write it.

secure_client.py --port P --ca F --cert F --key F --user U --password PW
    Connects to grpc+tls://localhost:P with the CA as root and the client certificate (mTLS).
    A call without credentials must fail as unauthenticated; authenticate_basic_token(U, PW) gives a
    bearer header, with which list_flights must list the demo flights. Prints `PASS secure <n> flights`
    (exit 0) or `FAIL secure: <reason>` (exit 1).
"""
import argparse
import sys

import pyarrow.flight as flight


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    a = p.parse_args()
    client = flight.FlightClient(f"grpc+tls://localhost:{a.port}", tls_root_certs=read(a.ca),
                                 cert_chain=read(a.cert), private_key=read(a.key))
    try:
        try:
            list(client.list_flights())
            print("FAIL secure: a call without credentials succeeded")
            return 1
        except flight.FlightUnauthenticatedError:
            pass
        name, value = client.authenticate_basic_token(a.user, a.password)
        options = flight.FlightCallOptions(headers=[(name, value)])
        flights = list(client.list_flights(options=options))
        if not flights:
            print("FAIL secure: no flights listed")
            return 1
        print(f"PASS secure {len(flights)} flights")
        return 0
    except Exception as e:  # noqa: BLE001 - report any failure as one line
        print(f"FAIL secure: {type(e).__name__}: {' '.join(str(e).split())}")
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
