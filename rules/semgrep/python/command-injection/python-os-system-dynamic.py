import os
import sys

name = sys.argv[1]

# ruleid: python-os-system-dynamic
os.system("convert " + name + " out.png")

# ruleid: python-os-system-dynamic
os.popen(f"cat {name}").read()

# ok: python-os-system-dynamic
os.system("clear")

# ok: python-os-system-dynamic
os.popen("date").read()
