"""pyarrow-vs-pyarrow self test: generate the data directory, run peer_client.py against
peer_server.py, run the seed example clients against seed_examples/standin_server.py, and
type_matrix.py (both modes) against ../bench/pyarrow_keep_server.py.

usage: selftest.py [--keep DIR]   (run with the pyarrow 25 interpreter; exit code 0 when all passed)
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
STEP_TIMEOUT = 300


def start_server(script, *args):
    """Start a server (stdin kept open as a pipe), return (process, port)."""
    proc = subprocess.Popen([PY, script, "--port", "0", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # the server prints its line or dies
    prefix = "Server listening on localhost:"
    if not line.startswith(prefix):
        proc.kill()
        raise SystemExit(f"{script} did not start: {line!r}")
    return proc, int(line[len(prefix):])


def stop_server(proc):
    proc.stdin.close()  # stdin EOF stops the server
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def run(title, command):
    print(f"== {title}", flush=True)
    try:
        code = subprocess.run(command, timeout=STEP_TIMEOUT).returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    print(f"== {title}: exit {code}", flush=True)
    return code == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the data directory here instead of a temp dir")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.keep or os.path.join(tmp, "data")
        ok &= run("gen_types", [PY, os.path.join(HERE, "gen_types.py"), data_dir])
        server, port = start_server(os.path.join(HERE, "peer_server.py"), "--data-dir", data_dir)
        try:
            ok &= run("peer_client vs peer_server", [PY, os.path.join(HERE, "peer_client.py"),
                                                     "--port", str(port), "--data-dir", data_dir])
        finally:
            stop_server(server)
    seeds = os.path.join(HERE, "seed_examples")
    server, port = start_server(os.path.join(seeds, "standin_server.py"))
    try:
        for script in ["basic_client.py", "streaming_client.py", "actions_client.py"]:
            ok &= run(f"seed {script}", [PY, os.path.join(seeds, script), "--port", str(port)])
    finally:
        stop_server(server)
    server, port = start_server(os.path.join(os.path.dirname(HERE), "bench", "pyarrow_keep_server.py"))
    try:
        location = f"grpc://localhost:{port}"
        ok &= run("type_matrix vs pyarrow_keep_server", [PY, os.path.join(HERE, "type_matrix.py"), location])
        ok &= run("type_matrix --exchange vs pyarrow_keep_server",
                  [PY, os.path.join(HERE, "type_matrix.py"), location, "--exchange"])
    finally:
        stop_server(server)
    print("selftest:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
