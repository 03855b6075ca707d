import subprocess
import sys

target = sys.argv[1]

# ruleid: python-subprocess-shell-true
subprocess.run("ls " + target, shell=True)

# ruleid: python-subprocess-shell-true
subprocess.check_output(f"grep {target} /tmp/log.txt", shell=True, text=True)

# ruleid: python-subprocess-shell-true
subprocess.Popen(args=target, shell=True)

# ok: python-subprocess-shell-true
subprocess.run("ls -la", shell=True)

# ok: python-subprocess-shell-true
subprocess.run(["ls", target])

# ok: python-subprocess-shell-true
subprocess.run(["ls", target], shell=False)
