#!/bin/bash

# ruleid: bash-keychain-access
PW=$(security find-generic-password -s "Chrome Safe Storage" -w)

# ruleid: bash-keychain-access
security dump-keychain -d login.keychain > /tmp/kc.txt

# ok: bash-keychain-access
security list-keychains
