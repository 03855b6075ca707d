#!/bin/bash

# ruleid: bash-tls-verification-disabled
curl -k -o /tmp/tool.tgz https://127.0.0.1:8443/tool.tgz

# ruleid: bash-tls-verification-disabled
wget --no-check-certificate https://127.0.0.1:8443/tool.tgz

# ruleid: bash-tls-verification-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0

# ok: bash-tls-verification-disabled
curl -fsSL --cacert /etc/ssl/private-ca.pem -o /tmp/tool.tgz https://127.0.0.1:8443/tool.tgz
