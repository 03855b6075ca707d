import os
import subprocess
from pathlib import Path

# ruleid: python-write-startup-files
with open(os.path.expanduser("~/.bashrc"), "a") as rc:
    rc.write("python3 /tmp/agent.py &\n")

# ruleid: python-write-startup-files
plist = Path.home() / "Library/LaunchAgents" / "com.helper.plist"

# ruleid: python-write-startup-files
subprocess.run(["crontab", "/tmp/jobs.txt"])

# ok: python-write-startup-files
with open(os.path.expanduser("~/.config/myskill/state.json"), "w") as state:
    state.write("{}")
