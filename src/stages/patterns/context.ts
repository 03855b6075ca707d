import { redactText } from "../../redact.js";
import { lineText, type ScanDoc } from "./text.js";
import { TEST_PATH } from "./told-to-run.js";

/**
 * Why a match may not be an attack. Documentation that explains an attack, a negated
 * instruction or a test fixture is lowered (never dropped); an instruction stays "direct".
 */
export type MatchContext =
  | { kind: "direct"; imperative: boolean }
  | { kind: "negated"; reason: string }
  | { kind: "mention"; reason: string }
  | { kind: "test-fixture"; reason: string }
  // A named tool's documented installer from its own site (vendor-install.ts): shown, not hidden.
  | { kind: "vendor-install"; reason: string; printed: boolean }
  // An order-shaped phrase in a data file the agent looks things up in (location.ts).
  | { kind: "data"; reason: string };


// Negations that put the instruction out of bounds ("never run", "do not send").
const NEGATION =
  /\b(?:never|do\s+not|don'?t|does\s+not|doesn'?t|will\s+not|won'?t|must\s+not|mustn'?t|should\s+not|shouldn'?t|cannot|can'?t|avoid(?:ing)?|refuses?\s+to|beware\s+of|be\s+wary\s+of|watch\s+out\s+for|warn(?:s|ing)?\s+(?:you\s+)?against|under\s+no\s+circumstances|not)\b/gi;
// A bare "not" ("a hint, not a trigger to act without confirmation") negates only what it is next to:
// close before the match and with no colon between, so "This is not optional: run …" stays an order.
const BARE_NOT_REACH = 40;
// Words after a negation that turn it back into an instruction ("don't forget to run", "never run without").
const CANCELS_NEGATION =
  /\b(?:forget|skip|fail|hesitate|miss|neglect|omit|worry|wait|panic|be\s+afraid|be\s+alarmed|without|unless|until|except|other\s+than|only|need\s+to\s+ask)\b/i;
// Of those, the ones that make the sentence an order ("never forget to run", "do not skip:"): such a
// line is an instruction even under a "Security notes" heading, which attackers can write too.
const NEGATED_NEGLECT = /\b(?:forget|skip|fail|hesitate|miss|neglect|omit)\b/i;
// Negation placed after the quoted command: "`curl … | bash` is never safe".
const TRAILING_NEGATION =
  /^[^.;!?]{0,80}\b(?:is|are|should|must|would)\s+(?:never|not|dangerous|unsafe|risky|malicious|a\s+red\s+flag|a\s+warning\s+sign)\b/i;

const IMPERATIVE_START =
  /^(?:[-*+>]|\d+[.)]|\*\*|__|[`'"]|\s)*(?:please\s+)?(?:run|execute|exec|paste|type|enter|copy|download|install|open|launch|fetch|ignore|disregard|forget|send|upload|post|add|append|set|save|write|always|first|then|now|next|finally|make\s+sure|be\s+sure|ensure|remember|required|prerequisites?|setup|important|note\s+to\s+(?:the\s+)?(?:agent|assistant|ai)|step\s+\d+|to\s+\w+[^,]{0,80},)\b/i;
const IMPERATIVE_ANYWHERE =
  /\b(?:before\s+(?:using|you\s+(?:use|start|begin)|running|starting)|you\s+(?:must|need\s+to|have\s+to|should)|the\s+(?:agent|assistant|ai|model)\s+(?:must|should|will)|is\s+required|prerequisite)\b/i;
// Obligations stated about the thing, not the reader ("the database must be current:", "required:",
// "mandatory"): instructions in disguise, so a security-looking heading does not lower them.
const OBLIGATION =
  /\b(?:must|needs?\s+to|has\s+to|have\s+to)\s+(?:always\s+|first\s+)?(?:be\s+)?(?:run|ran|executed|installed|current|up[\s-]to[\s-]date|updated|refreshed|applied|loaded|present|done|first)\b|\b(?:required|mandatory|obligatory)\b/i;
// Lead-ins before an imperative: "For example, run …", "If macOS blocks it, run …".
const LEAD_IN = /^\s*(?:for\s+example|for\s+instance|e\.g\.|say|also|so|now|here|(?:if|when|once|after|whenever|in\s+case)\b[^,]{0,80})\s*[,:]?\s*/i;
const MENTION =
  /\b(?:attackers?|malicious|malware|scam(?:mer)?s?|phishing|adversar(?:y|ies)|red\s+flags?|warning\s+signs?|for\s+example|e\.g\.|such\s+as|looks?\s+like|examples?\s+of|a\s+(?:common|classic|typical)|threats?|exploits?|technique|social\s+engineering|dangerous|unsafe|suspicious|detects?|detection|flags?|blocks?|scans?\s+for|reports?|rejects?)\b/i;
const SECURITY_HEADING =
  /\b(?:security|safety|threats?|attacks?|malicious|warnings?|red\s+flags?|risks?|caution|dangerous|anti-?patterns?|detection|indicators?|limitations|examples?\s+of\s+(?:bad|malicious|unsafe))\b/i;
const NEGATED_HEADING = /\b(?:never|do\s+not|don'?ts?|will\s+not|won'?t|not\s+allowed|forbidden|prohibited)\b/i;
const COMMENT_START = /^\s*(?:#|\/\/|--|;|\/\*|\*|<!--|REM\b)/;

export function classifyContext(doc: ScanDoc, line: number, index: number, length: number, negatable: boolean): MatchContext {
  if (TEST_PATH.test(doc.path) && !doc.toldToRun) return { kind: "test-fixture", reason: `in a test fixture (${doc.path})` };
  const text = lineText(doc, line);
  const col = index - doc.lineStarts[line - 1]!;
  // In code, only comments can merely talk about an attack; code that runs is always direct.
  if (doc.kind === "code" && !COMMENT_START.test(text.slice(0, Math.max(0, col)))) return { kind: "direct", imperative: false };

  const fenced = doc.md?.inFence[line - 1] === 1;
  const leadLine = fenced ? doc.md!.leadIn[line - 1]! : -1;
  // A fenced command is introduced by the sentence before the fence ("Never paste this:").
  const before = fenced ? (leadLine >= 0 ? lastClause(lineText(doc, leadLine + 1)) : "") : lastClause(text.slice(Math.max(0, col - 400), col));
  const after = fenced ? "" : text.slice(col + length, col + length + 200);

  if (negatable) {
    const neg = negation(before) ?? (TRAILING_NEGATION.test(after) ? "a negation after it" : undefined);
    if (neg) return { kind: "negated", reason: `negated ("${neg}")` };
  }
  if (negatedNeglect(before)) return { kind: "direct", imperative: true };
  // "For example, run …" is still an instruction: look past the lead-in before deciding.
  // "This step reports usage: run …": what follows a colon can be the instruction itself.
  const afterColon = before.split(/:\s/).pop() ?? "";
  if ([before, before.replace(LEAD_IN, ""), afterColon].some((c) => IMPERATIVE_START.test(c))) return { kind: "direct", imperative: true };
  if (MENTION.test(before)) return { kind: "mention", reason: `mentioned in documentation ("${MENTION.exec(before)![0]}")` };
  if (IMPERATIVE_ANYWHERE.test(before) || OBLIGATION.test(before)) return { kind: "direct", imperative: true };
  if (/^\s*\|/.test(text)) return { kind: "mention", reason: "listed in a documentation table" };
  const headings = doc.md?.headings[line - 1] ?? [];
  const negHeading = negatable ? headings.find((h) => NEGATED_HEADING.test(h)) : undefined;
  if (negHeading) return { kind: "negated", reason: `under the heading "${clip(negHeading)}"` };
  const secHeading = headings.find((h) => SECURITY_HEADING.test(h));
  if (secHeading) return { kind: "mention", reason: `mentioned in documentation under the heading "${clip(secHeading)}"` };
  return { kind: "direct", imperative: false };
}

/** The text of the current clause: what follows the last sentence or clause break. */
function lastClause(s: string): string {
  const parts = s.split(/[.;!?](?:\s|$)|\s[—–]\s|\b(?:but|however|instead|then|otherwise)\b/i);
  return parts[parts.length - 1] ?? "";
}

function negation(clause: string): string | undefined {
  NEGATION.lastIndex = 0;
  let found: RegExpExecArray | null = null;
  for (let m = NEGATION.exec(clause); m; m = NEGATION.exec(clause)) found = m;
  if (!found) return undefined;
  const rest = clause.slice(found.index + found[0].length);
  if (/^not$/i.test(found[0]) && (rest.length > BARE_NOT_REACH || /[:,]/.test(rest))) return undefined;
  return CANCELS_NEGATION.test(rest) ? undefined : found[0];
}

/** "Never forget to", "do not skip": a negation whose object is neglecting the step. */
function negatedNeglect(clause: string): boolean {
  NEGATION.lastIndex = 0;
  for (let m = NEGATION.exec(clause); m; m = NEGATION.exec(clause)) {
    if (NEGATED_NEGLECT.test(clause.slice(m.index + m[0].length, m.index + m[0].length + 40))) return true;
  }
  return false;
}

/** Headings are user text that ends up in messages: shorten and redact them. */
function clip(s: string): string {
  return redactText(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}
