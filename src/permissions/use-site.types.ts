/** What a skill's code can do, as far as simple source patterns can tell. */
export type Capability = "network" | "exec" | "env" | "write";

/** One place in the skill where code uses a capability. */
export interface UseSite {
  capability: Capability;
  file: string;
  line: number;
  /** Short description, e.g. "requests.get()" or "reads ~/.aws". */
  what: string;
  /** What is reached: a host, an environment variable, a path. */
  target?: string;
  /** The source line, redacted and shortened. */
  evidence: string;
  /** Set when the line is in a SKILL.md block the text says is never run ("it will never run:"). */
  counterExample?: string;
}
