"""
Long-lived LibreOffice converter, started once by converter.server.ts.

It starts one headless soffice listening on a private pipe, connects to it
over UNO, and then converts one document per request line on stdin
({"id", "in", "out"}) to PDF, answering one JSON line per request on stdout.
When stdin closes (the Node process ended) it terminates soffice, so no
office process outlives the server.
"""
import ctypes
import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    soffice, pipe_name, profile_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    args = [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile_dir),
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name]

    worker_pid = os.getpid()

    def die_with_worker():
        # soffice runs in its own session, so a signal to the server's process
        # group (Ctrl-C, a test runner's SIGKILL) does not reach it: let the
        # kernel send it SIGTERM when this worker dies without cleaning up.
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != worker_pid:
            os._exit(1)

    def launch():
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Own process group, so stopping it also stops anything soffice started.
            start_new_session=True, preexec_fn=die_with_worker)

    office = launch()
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        deadline = time.time() + 60
        while ctx is None:
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name)
            except NoConnectException:
                # soffice.bin exits with 81 after creating a fresh profile and
                # expects to be started again (the `soffice` script's oosplash does that).
                if office.poll() == 81:
                    office = launch()
                elif office.poll() is not None or time.time() > deadline:
                    reply({"ready": False, "error": "soffice did not start"})
                    return
                time.sleep(0.1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        reply({"ready": True, "pid": office.pid})
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            try:
                doc = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(req["in"]), "_blank", 0,
                    (prop("Hidden", True), prop("ReadOnly", True)))
                try:
                    doc.storeToURL(uno.systemPathToFileUrl(req["out"]),
                                   (prop("FilterName", "writer_pdf_Export"),))
                finally:
                    doc.close(True)
                reply({"id": req["id"], "ok": True})
            except Exception as e:
                if office.poll() is not None:
                    # soffice died: exit without answering, so the Node side
                    # starts a fresh converter and retries this document.
                    return
                reply({"id": req["id"], "ok": False, "error": str(e)})
    finally:
        stop(office)


def stop(office):
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(office.pid, sig)
        except ProcessLookupError:
            return
        try:
            office.wait(wait)
            return
        except subprocess.TimeoutExpired:
            pass


if __name__ == "__main__":
    main()
