"""Chamber init: PID 1 of a behaviour container (docs/behavior.md, "Chamber init").

Binds the sinkhole (DNS, TCP listeners, TLS), then starts the skill's command as the guest user
with no capabilities, reaps every process (as init does), waits a bounded grace for detached
children that outlive the command, records them, kills what is left and exits with the command's
status. Single-threaded and it forks nothing but the command: all of PID 1's syscalls are ours.
"""
import asyncio
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dns  # noqa: E402
import tcp  # noqa: E402
import tls  # noqa: E402
from evidence import CONF, LIM, now, record, state  # noqa: E402


def others():
    """Live processes other than us, as (pid, ppid, comm)."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit() and d != "1":
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    stat = f.read()
                comm = stat[stat.index(b"(") + 1 : stat.rindex(b")")].decode("utf-8", "replace")
                fields = stat[stat.rindex(b")") + 2 :].split()
                if fields[0] != b"Z":
                    out.append((int(d), int(fields[1]), comm))
            except (OSError, ValueError, IndexError):
                pass
    return out


# Numeric hosts: asyncio resolves them inline. host=None would call getaddrinfo in a thread pool.
HOSTS = ("0.0.0.0", "::")


async def serve(loop, opened):
    bound, failed = [], []
    try:
        transport, _ = await loop.create_datagram_endpoint(dns.DnsUdp, local_addr=("127.0.0.1", 53))
        opened += [transport, await asyncio.start_server(dns.dns_tcp, "127.0.0.1", 53)]
        bound.append(53)
    except OSError as e:
        failed.append({"port": 53, "error": str(e)[:120]})
    ctx = tls.server_context()
    for port in CONF["ports"]:
        secure = port in CONF["tlsPorts"]
        try:
            opened.append(await asyncio.start_server(tcp.handler(port, secure), HOSTS, port, ssl=ctx if secure else None,
                                                     ssl_handshake_timeout=5 if secure else None, backlog=64))
            bound.append(port)
        except OSError as e:
            failed.append({"port": port, "error": str(e)[:120]})
    return bound, failed


async def main():
    loop = asyncio.get_running_loop()
    opened = []
    bound, failed = await serve(loop, opened)
    record({"t": "header", "v": 1, "initPid": os.getpid(), "ignorePids": [os.getpid()], "uid": CONF["uid"],
            "ports": bound, "listenErrors": failed, "tlsPorts": CONF["tlsPorts"], "limits": LIM, "at": now()})
    child = subprocess.Popen(["/bin/sh", "-c", CONF["command"]], user=CONF["uid"], group=CONF["uid"], extra_groups=[],
                             env=CONF["env"], cwd=CONF["cwd"], stdin=subprocess.DEVNULL, close_fds=True, umask=0o022)
    done = loop.create_future()
    status = {}

    def reap():
        while True:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == child.pid:
                status["code"] = os.waitstatus_to_exitcode(st)
                if not done.done():
                    done.set_result(True)

    loop.add_signal_handler(signal.SIGCHLD, reap)
    loop.add_signal_handler(signal.SIGTERM, lambda: os.kill(-1, signal.SIGKILL))
    reap()
    await done
    code = status["code"]
    code = 128 - code if code < 0 else code
    record({"t": "child", "pid": child.pid, "exit": code, "at": now()})
    left = others()
    if left:
        record({"t": "orphan", "phase": "command-exit", "procs": [{"pid": p, "ppid": pp, "comm": c} for p, pp, c in left[:50]], "at": now()})
    waited = 0
    while left and waited < CONF["graceMs"]:
        await asyncio.sleep(0.1)
        waited += 100
        left = others()
    if left:
        record({"t": "orphan", "phase": "grace-over", "procs": [{"pid": p, "ppid": pp, "comm": c} for p, pp, c in left[:50]], "at": now()})
        os.kill(-1, signal.SIGKILL)
    await asyncio.sleep(0.05)  # let connections the orphans had open be recorded
    record({"t": "end", "exit": code, "graceWaitedMs": waited, "dropped": state["dropped"], "payloadBytes": state["payload"],
            "conns": state["conns"], "dns": state["dns"], "at": now()})
    for o in opened:  # closed before exit: measured faster container teardown under runsc
        o.close()
    return code


if __name__ == "__main__":
    # Exit at once with the command's status: no loop teardown, nothing left to flush (os.write).
    loop = asyncio.new_event_loop()
    os._exit(loop.run_until_complete(main()))
