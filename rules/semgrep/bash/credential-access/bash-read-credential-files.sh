#!/bin/bash

# ruleid: bash-read-credential-files
tar czf /tmp/k.tgz ~/.ssh

# ruleid: bash-read-credential-files
cat "$HOME/.aws/credentials" > /tmp/out.txt

# ruleid: bash-read-credential-files
cp "$HOME/.config/google-chrome/Default/Login Data" /tmp/ld

# ok: bash-read-credential-files
cat "$HOME/.config/myskill/settings.json"
