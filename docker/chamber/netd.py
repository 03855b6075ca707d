"""Chamber init: PID 1 of a behaviour container (docs/behavior.md, "Network sinkhole").

Binds the sinkhole (DNS, TCP listeners; TLS on first use), then starts the skill's command as the
guest user with no capabilities, reaps every process (as init does), waits a bounded grace for
detached children that outlive the command, records them, kills what is left and exits with the
command's status. Single-threaded (reactor.py) and it forks nothing but the command: all of PID
1's syscalls are ours.
"""
import os
import signal
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dns  # noqa: E402
import reactor  # noqa: E402
import tcp  # noqa: E402
from evidence import CONF, LIM, now, record, state  # noqa: E402

UID = CONF["uid"]


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


def accept(port, secure):
    def ready(lsock):
        for _ in range(16):
            try:
                sock, _addr = lsock.accept()
            except (BlockingIOError, OSError):
                return
            sock.setblocking(False)
            reactor.spawn(tcp.handle(sock, port, secure))

    return ready


def dns_accept(lsock):
    try:
        sock, _addr = lsock.accept()
    except (BlockingIOError, OSError):
        return
    sock.setblocking(False)
    reactor.spawn(dns.tcp_task(sock))


def serve():
    bound, failed, opened = [], [], []
    try:
        opened.append(reactor.listen(socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", 53), dns.udp_ready))
        opened.append(reactor.listen(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", 53), dns_accept))
        bound.append(53)
    except OSError as e:
        failed.append({"port": 53, "error": str(e)[:120]})
    for port in CONF["ports"]:
        on = accept(port, port in CONF["tlsPorts"])
        try:
            opened.append(reactor.listen(socket.AF_INET, socket.SOCK_STREAM, ("0.0.0.0", port), on))
            bound.append(port)
        except OSError as e:
            failed.append({"port": port, "error": str(e)[:120]})
            continue
        try:
            opened.append(reactor.listen(socket.AF_INET6, socket.SOCK_STREAM, ("::", port), on))
        except OSError:
            pass  # no IPv6 loopback: IPv4 is enough
    return bound, failed, opened


def spawn_command():
    """fork + exec of `/bin/sh -c COMMAND` as the guest user (setuid from root drops every capability)."""
    env = [f"{k}={v}" for k, v in CONF["env"].items()]
    pid = os.fork()
    if pid == 0:
        try:
            signal.set_wakeup_fd(-1)
            for s in (signal.SIGCHLD, signal.SIGTERM):
                signal.signal(s, signal.SIG_DFL)
            devnull = os.open("/dev/null", os.O_RDONLY)
            os.dup2(devnull, 0)
            os.closerange(3, 65536)
            os.setgroups([])
            os.setgid(UID)
            os.setuid(UID)
            os.umask(0o022)
            os.chdir(CONF["cwd"])
            os.execve("/bin/sh", ["/bin/sh", "-c", CONF["command"]], dict(e.split("=", 1) for e in env))
        finally:
            os._exit(127)
    return pid


def main():
    bound, failed, opened = serve()
    record({"t": "header", "v": 1, "initPid": os.getpid(), "ignorePids": [os.getpid()], "uid": UID,
            "ports": bound, "listenErrors": failed, "tlsPorts": CONF["tlsPorts"], "limits": LIM, "at": now()})
    # SIGCHLD and SIGTERM wake the reactor through a pipe (no threads).
    r, w = os.pipe()
    os.set_blocking(r, False)
    os.set_blocking(w, False)
    signal.set_wakeup_fd(w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(-1, signal.SIGKILL))
    child = spawn_command()
    status = {}

    def reap(_mask=None):
        try:
            os.read(r, 4096)
        except OSError:
            pass
        while True:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == child:
                status["code"] = os.waitstatus_to_exitcode(st)

    reactor.SEL.register(r, reactor.selectors.EVENT_READ, reap)
    reap()
    # The command's time limit counts from its start (the host adds slack for our own start-up).
    deadline = reactor.time.monotonic() + CONF["commandTimeoutMs"] / 1000

    def time_out():
        if "code" not in status:
            record({"t": "timeout", "afterMs": CONF["commandTimeoutMs"], "at": now()})
            os.kill(-1, signal.SIGKILL)

    reactor.at(CONF["commandTimeoutMs"] / 1000, time_out)
    reactor.run_until(lambda: "code" in status)
    code = status["code"]
    code = 128 - code if code < 0 else code
    record({"t": "child", "pid": child, "exit": code, "at": now()})
    left = others()
    if left:
        record({"t": "orphan", "phase": "command-exit", "procs": [{"pid": p, "ppid": pp, "comm": c} for p, pp, c in left[:50]], "at": now()})
    waited, tick = 0, {"n": 0}
    while left and waited < CONF["graceMs"] and reactor.time.monotonic() < deadline:
        reactor.at(0.1, lambda: tick.__setitem__("n", tick["n"] + 1))
        before = tick["n"]
        reactor.run_until(lambda: tick["n"] > before)
        waited += 100
        left = others()
    if left:
        record({"t": "orphan", "phase": "grace-over", "procs": [{"pid": p, "ppid": pp, "comm": c} for p, pp, c in left[:50]], "at": now()})
        os.kill(-1, signal.SIGKILL)
    end = {"n": 0}
    reactor.at(0.05, lambda: end.__setitem__("n", 1))  # let connections the orphans had open be recorded
    reactor.run_until(lambda: end["n"])
    record({"t": "end", "exit": code, "graceWaitedMs": waited, "dropped": state["dropped"], "payloadBytes": state["payload"],
            "conns": state["conns"], "dns": state["dns"], "at": now()})
    for s in opened:  # closed before exit: faster container teardown under runsc
        s.close()
    return code


if __name__ == "__main__":
    os._exit(main())
