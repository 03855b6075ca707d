#!/usr/bin/env python3
"""Format SQL files consistently (keywords upper case, one clause per line, aligned joins)"""
import argparse
import os
import sys


def main(argv):
    ap = argparse.ArgumentParser(description="Format SQL files consistently (keywords upper case, one clause per line, aligned joins)")
    ap.add_argument("paths", nargs="*", default=["."])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    for p in args.paths:
        for root, _dirs, files in os.walk(p):
            for f in files[:200]:
                print(os.path.join(root, f))
    return 0

pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
