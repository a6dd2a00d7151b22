"""Seed example, the action part (/work/shared/docs/seed.md): the "Execute action" step of "Basic Client
Usage" applied to both actions of the demo service (list_tables, get_stats), after listing them as the
demo server's list_actions describes. --port (default 8815) instead of 8080.

usage: actions_client.py [--port P]      exits non-zero on any exception
"""

import argparse
import faulthandler

import pyarrow.flight as flight


def main(port):
    client = flight.connect(f"grpc://localhost:{port}")
    # List available actions
    for action_type in client.list_actions():
        print(f"Action: {action_type.type}: {action_type.description}")
    # Execute actions
    for action_name in ["list_tables", "get_stats"]:
        action = flight.Action(action_name, b"")
        results = client.do_action(action)
        for result in results:
            print(f"Action result: {result.body}")
    client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Seed example: actions")
    parser.add_argument("--port", type=int, default=8815)
    faulthandler.dump_traceback_later(60, exit=True)  # watchdog: never hang
    main(parser.parse_args().port)
