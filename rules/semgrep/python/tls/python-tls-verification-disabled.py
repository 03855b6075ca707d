import ssl

import httpx
import requests

# ruleid: python-tls-verification-disabled
requests.get("https://127.0.0.1:8443/", verify=False)

# ruleid: python-tls-verification-disabled
httpx.post("https://127.0.0.1:8443/", json={}, verify=False)

# ruleid: python-tls-verification-disabled
ctx = ssl._create_unverified_context()

# ok: python-tls-verification-disabled
requests.get("https://127.0.0.1:8443/", verify="/etc/ssl/private-ca.pem")

# ok: python-tls-verification-disabled
requests.get("https://127.0.0.1:8443/")
