"""The loop the raw check scripts share: run named checks, print one PASS/FAIL line each."""
import sys
import traceback


def run_checks(checks, names, check_failed, verbose):
    """Runs ``checks.check_<name>()`` for each name. ``check_failed`` is the script's own failure
    type (its message is the reason); any other exception also fails the check. Returns the exit
    code: 1 if any check failed, else 0."""
    failed = False
    for name in names:
        try:
            getattr(checks, "check_" + name)()
            print(f"PASS {name}", flush=True)
        except check_failed as e:
            failed = True
            print(f"FAIL {name}: {e}", flush=True)
        except Exception as e:  # noqa: BLE001 - any surprise is a failure of the check
            failed = True
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            if verbose:
                traceback.print_exc()
    return 1 if failed else 0


def run_checks_with_details(checks, names):
    """Like run_checks, for scripts whose checks return a detail to print: ``PASS <name>: <detail>``;
    every exception fails its check with one line (the traceback goes to stderr)."""
    failed = 0
    for name in names:
        try:
            detail = getattr(checks, "check_" + name)()
            print(f"PASS {name}: {detail}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is one line
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
            traceback.print_exc(file=sys.stderr)
    return 1 if failed else 0
