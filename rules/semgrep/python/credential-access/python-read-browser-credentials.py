import os
import sqlite3

profile = os.path.expanduser("~/.config/google-chrome/Default")
# ruleid: python-read-browser-credentials
db = sqlite3.connect(os.path.join(profile, "Login Data"))

# ruleid: python-read-browser-credentials
ff = open(os.path.join(os.path.expanduser("~/.mozilla/firefox"), "abc.default", "logins.json")).read()

# ok: python-read-browser-credentials
history = sqlite3.connect(os.path.join(profile, "bookmarks.db"))
