import glob
import os
from pathlib import Path

# ruleid: python-read-credential-files
key = open(os.path.expanduser("~/.ssh/id_rsa")).read()

# ruleid: python-read-credential-files
aws = os.path.join(os.environ["HOME"], ".aws/credentials")

# ruleid: python-read-credential-files
ssh_dir = Path.home() / ".ssh"

# ruleid: python-read-credential-files
keys = glob.glob(os.path.expanduser("~") + "/.ssh/*") + glob.glob("/root/.ssh/id_ed25519")

# ok: python-read-credential-files
config = open(os.path.expanduser("~/.config/myskill/settings.json")).read()

# ok: python-read-credential-files
notes = Path.home() / "notes.txt"
