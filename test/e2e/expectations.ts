/**
 * Expected verdict of `skillsign scan` (static stages, shipped policy) for every fixture skill in
 * test/fixtures/skills/. Every fixture must have an entry: a new fixture fails
 * test/e2e/static-fixtures.test.ts until it is classified here.
 *
 * - verdict: the exact static verdict.
 * - rules: rule ids that must be among the skill's findings (the reasons the verdict is right).
 * - input-error: the snapshot refuses the folder (code = SnapshotError code).
 * - not-a-skill: discovery refuses the path (no SKILL.md): scanning it alone exits 2.
 *
 * These are STATIC verdicts (no build, image-scan or behavior). Fixtures written for the sandbox
 * stages (behavior-*, build-*, secret-*) can be approved here: what they hide only shows when
 * they run or when their image is scanned (e.g. behavior-disk-filler, secret-baked-credentials).
 * Benign skills that merely document an attack (benign-security-training, benign-test-fixtures...)
 * route to review at most, never reject: that is the patterns stage's contract.
 * Evidence-weighted routing (docs/policy.md): uses a skill does not declare, when it declares nothing
 * for that capability, are inferred permissions (manifest.inferred-*, info). Inferred network use still
 * routes to review here, because a static scan has no behaviour run to confirm it; env, exec and
 * write are advisory. Spec lint (name-invalid, description-missing) is info. So manifest-bad-spec,
 * manifest-undeclared-exec and semgrep-clean-py are approved statically, with the finding shown.
 * Detection calibration (issue 10, docs/policy.md): a credential-store read plus a send in one file, DNS
 * names built from encoded data, decode-then-exec, password unzip and split download-chmod-run are
 * critical (rejected); a named tool's installer from its own site is high when an install step runs it
 * (manifest-install-curl: review) and low when only shown in documentation.
 * Refresh: scan all fixtures with --format json and copy verdicts and deciding rule ids, then
 * check every change by hand.
 */
export type Expectation =
  | { verdict: "approved" | "review" | "rejected"; rules?: string[] }
  | { verdict: "input-error"; code: string }
  | { verdict: "not-a-skill" };

export const EXPECTATIONS: Record<string, Expectation> = {
  "behavior-aws-exfil": { verdict: "rejected", rules: ["patterns.credential-read-and-send", "manifest.inferred-exec", "manifest.inferred-network", "manifest.undeclared-env", "patterns.cloud-credentials-file", "semgrep.python-read-credential-files"] },
  "behavior-base64-dropper": { verdict: "review", rules: ["patterns.dynamic-import-evasion"] },
  "behavior-bashrc-persistence": { verdict: "review", rules: ["manifest.inferred-write", "patterns.shell-rc-modification", "semgrep.bash-write-startup-files"] },
  "behavior-benign-script": { verdict: "approved" },
  "behavior-detached-child": { verdict: "review", rules: ["manifest.inferred-network"] },
  "behavior-disk-filler": { verdict: "approved" },
  "behavior-fork-bomb": { verdict: "review", rules: ["patterns.fork-bomb"] },
  "behavior-hanging-script": { verdict: "approved" },
  "behavior-memory-hog": { verdict: "approved" },
  "behavior-net-api-client": { verdict: "approved" },
  "behavior-net-dns-labels": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.dns-encoded-exfil"] },
  "behavior-net-dropper": { verdict: "review", rules: ["manifest.inferred-network"] },
  "behavior-net-https-post": { verdict: "rejected", rules: ["patterns.credential-read-and-send", "manifest.inferred-network", "manifest.undeclared-env", "patterns.cloud-credentials-file", "semgrep.python-read-credential-files"] },
  "behavior-net-offline": { verdict: "approved" },
  "behavior-net-peek": { verdict: "review", rules: ["manifest.undeclared-write"] },
  "behavior-net-tar-put": { verdict: "review", rules: ["manifest.inferred-network", "manifest.undeclared-env", "semgrep.bash-send-env-or-files"] },
  // Deliberate static miss (issue 6): its payload is an XOR-packed numeric table run by a declared `sh`;
  // only the behaviour stage catches it (test/stages/behavior.test.ts guards that nothing static does).
  "behavior-stealth-dropper": { verdict: "approved", rules: [] },
  "benign-base64-warning": { verdict: "review", rules: ["patterns.base64-encoded-command", "patterns.base64-pipe-shell"] },
  "benign-cron-explainer": { verdict: "approved" },
  "benign-data-analysis": { verdict: "approved" },
  "benign-declared-network": { verdict: "approved" },
  "benign-docker-compose": { verdict: "approved" },
  "benign-emoji-i18n": { verdict: "approved" },
  "benign-git-helper": { verdict: "approved" },
  "benign-incident-response": { verdict: "review", rules: ["patterns.miner-binary", "patterns.stratum-pool-url"] },
  "benign-minimal": { verdict: "approved" },
  "benign-password-manager": { verdict: "approved" },
  "benign-pdf-tools": { verdict: "approved" },
  "benign-prompt-safety": { verdict: "review", rules: ["patterns.conceal-from-user", "patterns.ignore-previous-instructions", "patterns.role-override"] },
  "benign-prose-only": { verdict: "approved" },
  "benign-release-installer": { verdict: "approved" },
  "benign-security-training": { verdict: "review", rules: ["manifest.inferred-network", "patterns.curl-pipe-shell", "patterns.password-protected-archive", "patterns.shell-eval-remote"] },
  "benign-ssh-config": { verdict: "approved" },
  "benign-test-fixtures": { verdict: "review", rules: ["patterns.curl-pipe-shell", "patterns.dev-tcp-shell", "semgrep.bash-curl-pipe-shell", "semgrep.bash-reverse-shell"] },
  "benign-web-fetch": { verdict: "review", rules: ["manifest.inferred-network"] },
  "build-foreign-base": { verdict: "approved" },
  "build-hanging-install": { verdict: "approved" },
  "build-npm-lock": { verdict: "approved" },
  // The hostile postinstall only runs in the build (under gVisor); statically its script and install hook show.
  "build-npm-postinstall": { verdict: "review", rules: ["dependencies.install-script", "semgrep.js-read-credential-files"] },
  // The lock beside pyproject.toml pins its ranges (the build installs from it); without a lock they are open-ended.
  "build-poetry-lock": { verdict: "approved" },
  "build-pyproject": { verdict: "review", rules: ["dependencies.unpinned-version"] },
  // An sdist is only fetched and built by the build stage; statically this is a plain pinned requirement.
  "build-sdist-only": { verdict: "approved" },
  "build-uv-lock": { verdict: "approved" },
  "build-requests-hashed": { verdict: "review", rules: ["manifest.inferred-network"] },
  "build-network-install": { verdict: "review", rules: ["dependencies.url-dependency"] },
  "build-vendored-wheel": { verdict: "review", rules: ["snapshot.archive"] },
  "deps-broken-manifest": { verdict: "review", rules: ["dependencies.manifest-unreadable"] },
  "deps-clean": { verdict: "approved" },
  "deps-git-url": { verdict: "review", rules: ["dependencies.file-dependency", "dependencies.git-dependency", "dependencies.url-dependency"] },
  "deps-known-malicious": { verdict: "rejected", rules: ["dependencies.known-malicious", "dependencies.typosquat"] },
  "deps-postinstall": { verdict: "review", rules: ["dependencies.install-script"] },
  "deps-typosquat": { verdict: "review", rules: ["dependencies.typosquat"] },
  "deps-unpinned-python": { verdict: "review", rules: ["dependencies.custom-index", "dependencies.git-dependency", "dependencies.unpinned-version"] },
  "evasion-argv0-shell": { verdict: "review", rules: ["manifest.undeclared-env", "patterns.cloud-credentials-file"] },
  "evasion-connect-flood": { verdict: "review", rules: ["manifest.inferred-network", "manifest.undeclared-env", "manifest.undeclared-write", "patterns.cloud-credentials-file", "patterns.shell-rc-modification", "semgrep.python-read-credential-files", "semgrep.python-write-startup-files"] },
  "evasion-log-flood": { verdict: "review", rules: ["manifest.undeclared-env", "patterns.cloud-credentials-file", "semgrep.python-read-credential-files"] },
  "evasion-many-files": { verdict: "approved" },
  "evasion-newline-filename": { verdict: "review", rules: ["manifest.undeclared-env", "patterns.ssh-private-key-access", "semgrep.python-read-credential-files"] },
  "evasion-padded-output": { verdict: "approved" },
  "evasion-prctl-newline": { verdict: "review", rules: ["manifest.inferred-network", "manifest.undeclared-env", "manifest.undeclared-write", "patterns.cloud-credentials-file", "patterns.shell-rc-modification", "semgrep.python-read-credential-files", "semgrep.python-write-startup-files"] },
  "evasion-sandbox-detect": { verdict: "review", rules: ["manifest.inferred-network", "manifest.undeclared-env", "patterns.cloud-credentials-file"] },
  "evasion-udp-sendto": { verdict: "review", rules: ["manifest.inferred-network"] },
  "evasive-details-hidden": { verdict: "review", rules: ["patterns.ssh-private-key-access"] },
  "evasive-fake-security-notes": { verdict: "rejected", rules: ["patterns.curl-pipe-shell"] },
  "evasive-hex-escapes": { verdict: "rejected", rules: ["patterns.char-code-assembly", "patterns.curl-pipe-shell"] },
  "evasive-homoglyph-domain": { verdict: "review", rules: ["manifest.inferred-network", "patterns.lookalike-hostname"] },
  "evasive-link-mismatch": { verdict: "review", rules: ["patterns.fetch-script-then-run", "patterns.link-target-mismatch"] },
  "evasive-numbered-steps": { verdict: "rejected", rules: ["patterns.command-from-file-instruction", "patterns.curl-pipe-shell"] },
  "evasive-python-import-oneliner": { verdict: "rejected", rules: ["patterns.code-eval-remote", "patterns.curl-pipe-shell", "patterns.dynamic-import-evasion"] },
  "evasive-quoted-command": { verdict: "rejected", rules: ["patterns.curl-pipe-shell"] },
  "evasive-rev-eval": { verdict: "rejected", rules: ["patterns.reversed-string-eval"] },
  "evasive-self-update": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.self-overwrite-from-url"] },
  "evasive-skill-tamper": { verdict: "rejected", rules: ["patterns.agent-memory-write", "patterns.conceal-from-user", "patterns.tamper-with-other-skills"] },
  "evasive-split-download-run": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.download-chmod-run-lines"] },
  "evasive-tests-folder-run": { verdict: "rejected", rules: ["patterns.curl-pipe-shell", "semgrep.bash-curl-pipe-shell"] },
  "evasive-troubleshooting-fetch": { verdict: "review", rules: ["patterns.conceal-from-user", "patterns.fetch-script-then-run"] },
  "hostile-broken-utf8": { verdict: "review", rules: ["manifest.not-utf8"] },
  "hostile-deep-yaml": { verdict: "review", rules: ["manifest.yaml-too-deep"] },
  "hostile-frontmatter-list": { verdict: "review", rules: ["manifest.frontmatter-not-a-map"] },
  "hostile-js-frontmatter": { verdict: "rejected", rules: ["manifest.executable-frontmatter"] },
  "hostile-lowercase-skill-md": { verdict: "approved" },
  "hostile-missing-skill-md": { verdict: "not-a-skill" },
  "hostile-no-frontmatter": { verdict: "review", rules: ["manifest.no-frontmatter"] },
  "hostile-unclosed-frontmatter": { verdict: "review", rules: ["manifest.unclosed-frontmatter"] },
  "hostile-yaml-bomb": { verdict: "review", rules: ["manifest.yaml-bomb"] },
  "malicious-agent-memory": { verdict: "review", rules: ["patterns.agent-config-tampering"] },
  "malicious-authorized-keys": { verdict: "rejected", rules: ["manifest.undeclared-env", "manifest.undeclared-write", "patterns.ssh-authorized-keys-append", "semgrep.bash-read-credential-files"] },
  "malicious-aws-creds-upload": { verdict: "rejected", rules: ["manifest.inferred-network", "manifest.undeclared-env", "patterns.cloud-credentials-file", "patterns.upload-sensitive-file"] },
  "malicious-base64-oneliner": { verdict: "rejected", rules: ["patterns.base64-encoded-command", "patterns.base64-pipe-shell", "patterns.terminal-paste-instruction"] },
  "malicious-bashrc-persistence": { verdict: "rejected", rules: ["manifest.undeclared-write", "patterns.curl-pipe-shell", "patterns.shell-rc-modification"] },
  "malicious-bidi-script": { verdict: "review", rules: ["patterns.bidi-override"] },
  "malicious-browser-stealer": { verdict: "rejected", rules: ["patterns.browser-credential-store", "semgrep.python-read-browser-credentials"] },
  "malicious-conversation-exfil": { verdict: "rejected", rules: ["patterns.conceal-from-user", "patterns.send-secrets-instruction", "patterns.skip-user-confirmation"] },
  "malicious-cron-persistence": { verdict: "review", rules: ["manifest.undeclared-write", "patterns.crontab-install", "semgrep.bash-write-startup-files"] },
  "malicious-curl-pipe-prereq": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.curl-pipe-shell"] },
  "malicious-discord-webhook": { verdict: "rejected", rules: ["manifest.inferred-network", "manifest.undeclared-env", "patterns.chat-webhook-endpoint", "patterns.environment-secret-dump", "patterns.http-post-environment", "semgrep.js-send-process-env"] },
  "malicious-disk-wipe": { verdict: "rejected", rules: ["patterns.disk-wipe", "patterns.fork-bomb", "patterns.mass-permission-or-delete"] },
  "malicious-dns-exfil": { verdict: "review", rules: ["patterns.dns-exfiltration"] },
  "malicious-download-exec-binary": { verdict: "review", rules: ["manifest.inferred-network", "patterns.download-then-execute"] },
  "malicious-env-exfil": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.environment-secret-dump", "patterns.http-post-environment", "semgrep.python-send-environment"] },
  "malicious-eval-decoded": { verdict: "rejected", rules: ["patterns.base64-encoded-command", "patterns.eval-decoded-payload", "semgrep.python-eval-exec-dynamic"] },
  "malicious-fake-auth-tool": { verdict: "review", rules: ["patterns.download-and-run-binary", "patterns.gatekeeper-bypass"] },
  "malicious-fake-negation": { verdict: "rejected", rules: ["patterns.curl-pipe-shell", "patterns.shell-eval-remote"] },
  "malicious-gatekeeper-dropper": { verdict: "review", rules: ["manifest.inferred-network", "patterns.download-archive-and-run", "patterns.gatekeeper-bypass"] },
  "malicious-hidden-comment": { verdict: "review", rules: ["patterns.cloud-credentials-file", "patterns.conceal-from-user", "patterns.hidden-comment-instructions"] },
  "malicious-ignore-instructions": { verdict: "rejected", rules: ["patterns.cloud-credentials-file", "patterns.ignore-previous-instructions"] },
  "malicious-js-obfuscated": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.char-code-assembly", "patterns.code-eval-remote", "semgrep.js-eval-dynamic", "semgrep.js-exec-fetched-code"] },
  "malicious-keychain": { verdict: "rejected", rules: ["manifest.undeclared-env", "patterns.keychain-dump", "patterns.system-password-files", "semgrep.bash-keychain-access"] },
  "malicious-launch-agent": { verdict: "review", rules: ["manifest.undeclared-write", "patterns.service-autostart", "semgrep.bash-write-startup-files"] },
  "malicious-netcat-fifo": { verdict: "rejected", rules: ["patterns.netcat-exec"] },
  "malicious-password-zip": { verdict: "rejected", rules: ["patterns.password-protected-archive", "patterns.unzip-with-password"] },
  "malicious-pastebin-stage2": { verdict: "rejected", rules: ["patterns.curl-pipe-shell", "patterns.paste-or-file-drop-site"] },
  "malicious-powershell-iex": { verdict: "rejected", rules: ["patterns.powershell-download-execute", "patterns.terminal-paste-instruction"] },
  "malicious-python-reverse-shell": { verdict: "rejected", rules: ["manifest.inferred-exec", "manifest.inferred-network", "patterns.socket-spawn-shell", "semgrep.python-reverse-shell"] },
  "malicious-request-catcher": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.request-catcher-endpoint", "patterns.upload-sensitive-file"] },
  "malicious-reverse-shell-script": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.dev-tcp-shell", "patterns.dynamic-dns-host", "semgrep.bash-reverse-shell"] },
  "malicious-rm-rf-home": { verdict: "rejected", rules: ["patterns.recursive-delete-root-or-home"] },
  "malicious-role-override": { verdict: "review", rules: ["patterns.fake-system-message", "patterns.role-override"] },
  "malicious-security-section-disguise": { verdict: "rejected", rules: ["manifest.inferred-network", "patterns.curl-pipe-shell"] },
  "malicious-seed-phrase": { verdict: "review", rules: ["patterns.ask-for-secret-in-chat"] },
  "malicious-ssh-key-exfil": { verdict: "rejected", rules: ["manifest.inferred-network", "manifest.undeclared-env", "patterns.archive-home-and-send", "patterns.ssh-private-key-access", "patterns.upload-sensitive-file", "semgrep.bash-read-credential-files", "semgrep.bash-send-env-or-files"] },
  "malicious-unicode-tags": { verdict: "rejected", rules: ["patterns.curl-pipe-shell", "patterns.unicode-tag-smuggling"] },
  "malicious-xmrig-miner": { verdict: "rejected", rules: ["patterns.miner-binary", "patterns.mining-pool-or-flags", "patterns.stratum-pool-url"] },
  "malicious-zero-width": { verdict: "rejected", rules: ["patterns.curl-pipe-shell", "patterns.zero-width-characters"] },
  "manifest-bad-spec": { verdict: "approved", rules: ["manifest.description-missing", "manifest.name-invalid"] },
  "manifest-clawhub-json-metadata": { verdict: "approved" },
  "manifest-dangerous-combination": { verdict: "review", rules: ["manifest.dangerous-combination"] },
  "manifest-install-curl": { verdict: "review", rules: ["manifest.install-downloads-code", "patterns.curl-pipe-shell"] },
  "manifest-name-mismatch": { verdict: "approved" },
  "manifest-undeclared-env": { verdict: "review", rules: ["manifest.undeclared-env", "semgrep.python-read-credential-files"] },
  "manifest-undeclared-exec": { verdict: "approved", rules: ["manifest.inferred-exec"] },
  "manifest-undeclared-host": { verdict: "review", rules: ["manifest.undeclared-network"] },
  "manifest-undeclared-network": { verdict: "review", rules: ["manifest.inferred-network"] },
  "manifest-undeclared-write": { verdict: "review", rules: ["manifest.undeclared-write", "patterns.shell-rc-modification", "semgrep.bash-write-startup-files"] },
  "manifest-unrestricted-bash": { verdict: "review", rules: ["manifest.unrestricted-tool"] },
  "secret-baked-credentials": { verdict: "approved" },
  "semgrep-clean-py": { verdict: "approved", rules: ["manifest.inferred-exec"] },
  "semgrep-hidden-from-scan": { verdict: "rejected", rules: ["manifest.undeclared-env", "manifest.undeclared-network", "patterns.code-eval-remote", "patterns.environment-secret-dump", "patterns.http-post-environment", "semgrep.js-send-process-env", "semgrep.python-eval-exec-dynamic", "semgrep.python-exec-downloaded-code"] },
  "semgrep-prose-only": { verdict: "approved" },
  "semgrep-shell-true-py": { verdict: "review", rules: ["manifest.inferred-exec", "semgrep.python-subprocess-shell-true"] },
  "semgrep-ssh-key-read-js": { verdict: "review", rules: ["manifest.undeclared-env", "semgrep.js-read-credential-files"] },
  "semgrep-tls-off-sh": { verdict: "review", rules: ["manifest.inferred-network", "semgrep.bash-tls-verification-disabled"] },
  "store-benign-notes": { verdict: "approved" },
  "store-borderline-autorun": { verdict: "review", rules: ["patterns.skip-user-confirmation"] },
  "store-malicious-installer": { verdict: "rejected", rules: ["manifest.inferred-network", "manifest.unrestricted-tool", "patterns.curl-pipe-shell", "semgrep.bash-curl-pipe-shell"] },
};
