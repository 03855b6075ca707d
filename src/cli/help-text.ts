import { Help, type Command, type Option } from "commander";

/** Codes every command can end with (docs/exit-codes.md has the full table). */
const COMMON_EXITS = "  2 usage or configuration error, 3 internal error, 129/130/143 stopped by SIGHUP/SIGINT/SIGTERM, 141 output pipe closed";
const VERDICT_EXITS = "  0 approved, 10 review, 20 rejected (worst skill; see --fail-on), 1 approved but --fail-on approved\n";

/** Examples and the exit codes a command adds to the common ones; shown after its --help. */
const EPILOGUES: Record<string, { examples: string[]; exits?: string }> = {
  skillsign: {
    examples: ["skillsign scan ./my-skill", "skillsign submit ./my-skill", "skillsign ci --changed-since origin/main --sarif out.sarif", "skillsign verify ./skills/my-skill --trust trust.json", "skillsign completion bash > /etc/bash_completion.d/skillsign"],
    exits: "  0 success, 1 verification failed (verify/install), 4 doctor: something required is missing,\n  10/20 review/rejected (scan, submit, ci)\n",
  },
  scan: { examples: ["skillsign scan ./my-skill", "skillsign scan ./skills --json -o report.json", "skillsign scan ./my-skill --sandbox --fail-on rejected"], exits: VERDICT_EXITS },
  submit: { examples: ["skillsign submit ./my-skill", "SKILLSIGN_SIGNING_KEY=keys/skillsign.key skillsign submit ./skills --json"], exits: VERDICT_EXITS },
  ci: { examples: ["skillsign ci --changed-since origin/main --sarif skillsign.sarif", "skillsign ci ./skills --json report.json --fail-on rejected"], exits: VERDICT_EXITS },
  status: { examples: ["skillsign status 12", "skillsign status 12 --json"] },
  history: { examples: ["skillsign history my-skill"] },
  review: { examples: ["skillsign review list", "skillsign review show 12", "skillsign review approve 12 --note \"reviewed the installer\"", "skillsign review reject 12 --reason \"sends ~/.ssh to a remote host\""] },
  sign: { examples: ["skillsign sign ./my-skill --key keys/skillsign.key", "SKILLSIGN_SIGNING_KEY=keys/skillsign.key skillsign sign ./my-skill"] },
  verify: { examples: ["skillsign verify ./skills/my-skill --trust keys/trust.json", "skillsign verify --all ./skills --json"], exits: "  0 every signature valid, 1 a verification failed\n" },
  install: { examples: ["skillsign install ./downloads/my-skill --into ./skills --trust keys/trust.json"], exits: "  0 installed, 1 verification failed (nothing installed)\n" },
  keys: { examples: ["SKILLSIGN_KEY_PASSPHRASE=… skillsign keys generate --out ~/.skillsign", "skillsign keys list --dir ~/.skillsign"] },
  trust: { examples: ["skillsign trust init --dir trust --root-key root.key --targets-key targets.key --timestamp-key ts.key --signing-key skillsign.pub", "skillsign trust timestamp --dir trust --timestamp-key ts.key"] },
  doctor: { examples: ["skillsign doctor", "skillsign doctor --json"], exits: "  0 ready, 4 something the policy requires is missing\n" },
  setup: { examples: ["sudo skillsign setup", "sudo skillsign setup --only semgrep,trivy"], exits: "  0 all components ready, 1 a component failed\n" },
  completion: { examples: ["skillsign completion bash > /etc/bash_completion.d/skillsign", "skillsign completion zsh > \"${fpath[1]}/_skillsign\"", "skillsign completion fish > ~/.config/fish/completions/skillsign.fish"] },
};

export function epilogue(name: string): string | undefined {
  const e = EPILOGUES[name];
  if (!e) return undefined;
  const examples = e.examples.map((x) => `  $ ${x}`).join("\n");
  return `\nExamples:\n${examples}\n\nExit codes:\n${e.exits ?? "  0 success\n"}${COMMON_EXITS}\n`;
}

/** Help that marks required options; inherited by every subcommand created after it is set. */
export function configureHelpText(program: Command): void {
  program.configureHelp({
    showGlobalOptions: true,
    optionDescription(option: Option): string {
      const base = Help.prototype.optionDescription.call(this, option);
      return option.mandatory ? `(required) ${base}` : base;
    },
  });
}

/** Adds the examples and exit codes of a top-level command to its --help. */
export function addEpilogue(cmd: Command): void {
  const text = epilogue(cmd.name());
  if (text) cmd.addHelpText("after", text);
}
