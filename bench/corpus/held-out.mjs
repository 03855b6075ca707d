// Sets kept aside by issue 10 to judge the result independently: never calibrate on them.
export const HELD_OUT_REPOS = [
  "ShenaoW/MalSkills", "anthropics/skills", "openai/skills", "vercel-labs/agent-skills",
  "aisa-group/skill-inject", "cisco-ai-defense/skill-scanner",
];
// Upstream folders of aggregating collections (skills/<owner>--<repo>/): the held-out sets as
// mirrored there, and offensive-security collections whose "benign" label would be arguable.
export const EXCLUDED_UPSTREAMS = [
  "anthropics--skills", "openai--skills", "vercel-labs--agent-skills", "ShenaoW--MalSkills",
  "aisa-group--skill-inject", "cisco-ai-defense--skill-scanner",
  "mukul975--Anthropic-Cybersecurity-Skills", "Masriyan--Claude-Code-CyberSecurity-Skill",
  "transilienceai--communitytools", "jthack--ffuf_claude_skill", "Eyadkelleh--awesome-claude-skills-security",
  "eth0izzle--security-skills", "pitimon--claude-cybersecurity-skill",
];
// Skill names of the held-out vendor sets, which other collections often copy verbatim.
export const HELD_OUT_NAMES = [
  "algorithmic-art", "brand-guidelines", "canvas-design", "doc-coauthoring", "docx", "frontend-design",
  "internal-comms", "mcp-builder", "pdf", "pptx", "skill-creator", "slack-gif-creator", "theme-factory",
  "web-artifacts-builder", "webapp-testing", "xlsx", "react-best-practices", "web-design-guidelines",
  "vercel-deploy", "vercel-deploy-claimable", "composition-patterns", "react-native-skills",
  "gh-fix-ci", "gh-address-comments", "skill-installer", "openai-docs", "imagegen", "sora", "speech",
  "transcribe", "playwright", "screenshot", "jupyter-notebook", "spreadsheet", "doc", "notion-knowledge-capture",
  "notion-meeting-intelligence", "notion-research-documentation", "notion-spec-to-implementation",
];
