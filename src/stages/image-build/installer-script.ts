// Generated into every build context as /skillsign/offline-install.py (see docs/build.md).
// Kept as a string so it ships inside dist/ with the stage.
export const OFFLINE_INSTALLER_PY = String.raw`"""skillsign offline installer, run inside a network-less build (the base image ships no pip/npm).

  offline-install.py pip  <wheel-dir|->  <requirement or -r file>...
  offline-install.py npm  <lockfile|->   <package or .tgz>...
  offline-install.py fetch <kind> <url>

Anything that has no vendored source is fetched the way the real tool would fetch it, so a
step that needs the network really tries it and fails (exit 97, marker line below).
"""
import os, re, sys, tarfile, urllib.request, zipfile, json, site

NET_MARK = "skillsign-network-needed:"


def need_network(what, url):
    try:
        urllib.request.urlopen(url, timeout=10).close()
        err = "the network was reachable, but builds must be offline"
    except Exception as e:  # noqa: BLE001 - any failure is the network failure we report
        err = f"{type(e).__name__}: {e}"
    print(f"{NET_MARK} {what} -> {url}: {err}", flush=True)
    sys.exit(97)


def norm(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def requirements(args):
    out, it = [], iter(args)
    for a in it:
        if a == "-r":
            a = "-r" + next(it, "")
        if a.startswith("-r"):
            with open(a[2:].strip()) as f:
                out += [l.split("#")[0].strip() for l in f if l.split("#")[0].strip()]
        elif not a.startswith("-"):
            out.append(a)
    return out


def pip(wheel_dir, args):
    wheels = []
    if wheel_dir != "-" and os.path.isdir(wheel_dir):
        wheels = [os.path.join(wheel_dir, w) for w in sorted(os.listdir(wheel_dir)) if w.endswith(".whl")]
    target = site.getusersitepackages()
    os.makedirs(target, exist_ok=True)
    for req in requirements(args):
        if re.match(r"^(https?|git\+\w+|ftp)://", req) or " @ " in req:
            need_network(f"pip install {req}", re.sub(r"^.*?@\s*", "", req).removeprefix("git+"))
        name = norm(re.split(r"[<>=!~;\[ ]", req, 1)[0])
        found = [w for w in wheels if norm(os.path.basename(w).split("-")[0]) == name]
        if not found:
            need_network(f"pip install {req}", f"https://pypi.org/simple/{name.replace('_', '-')}/")
        with zipfile.ZipFile(found[-1]) as z:
            z.extractall(target)
        print(f"installed {os.path.basename(found[-1])} from vendored wheels", flush=True)


def npm(lockfile, args):
    tgzs = list(args)
    if lockfile != "-":
        with open(lockfile) as f:
            lock = json.load(f)
        for path, meta in sorted((lock.get("packages") or {}).items()):
            resolved = (meta or {}).get("resolved", "")
            if not path:
                continue
            if resolved.startswith("file:"):
                tgzs.append(resolved[5:])
            elif resolved:
                need_network(f"npm ci ({path})", resolved)
    for t in tgzs:
        if not t.endswith((".tgz", ".tar.gz")) or not os.path.isfile(t):
            need_network(f"npm install {t}", f"https://registry.npmjs.org/{t}")
        with tarfile.open(t) as tar:
            meta = json.load(tar.extractfile("package/package.json"))
            dest = os.path.realpath(os.path.join("node_modules", meta["name"]))
            for m in tar.getmembers():
                # Regular files only, and only inside dest (no links, devices, absolute or ../ paths).
                rel = m.name[len("package/"):] if m.name.startswith("package/") else ""
                out = os.path.realpath(os.path.join(dest, rel))
                if not m.isfile() or not rel or not out.startswith(dest + os.sep):
                    continue
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with tar.extractfile(m) as src, open(out, "wb") as dst:
                    dst.write(src.read())
        print(f"installed {meta['name']} from {t}", flush=True)


if __name__ == "__main__":
    cmd, first, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "pip":
        pip(first, rest)
    elif cmd == "npm":
        npm(first, rest)
    elif cmd == "fetch":
        need_network(f"{first} install", rest[0])
    else:
        sys.exit(f"unknown command {cmd}")
`;
