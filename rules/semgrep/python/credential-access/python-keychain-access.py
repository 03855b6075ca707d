import os
import subprocess

# ruleid: python-keychain-access
out = subprocess.check_output(["security", "find-generic-password", "-s", "Chrome Safe Storage", "-w"])

# ruleid: python-keychain-access
os.system("security dump-keychain -d login.keychain")

# ok: python-keychain-access
subprocess.run(["security", "list-keychains"])
