#!/bin/bash

# ruleid: bash-write-startup-files
echo 'nohup python3 /tmp/agent.py &' >> ~/.bashrc

# ruleid: bash-write-startup-files
(crontab -l 2>/dev/null; echo "*/5 * * * * /tmp/beacon.sh") | crontab -

# ruleid: bash-write-startup-files
cp helper.plist ~/Library/LaunchAgents/com.helper.plist

# ok: bash-write-startup-files
echo "done" >> /tmp/install.log

# ok: bash-write-startup-files
crontab -l
