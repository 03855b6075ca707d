/** Escapes text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Tagged template: interpolations are escaped unless wrapped with raw(). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += (Array.isArray(v) ? v.map(part).join("") : part(v)) + strings[i + 1]!;
  });
  return new Raw(out);
}

export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function part(v: unknown): string {
  return v instanceof Raw ? v.value : esc(v);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:center}
header a,header button{color:#fff}header button{background:transparent;border:1px solid #fff}main{padding:1rem;max-width:70rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef}code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{white-space:pre-wrap;margin:0}
.sev-critical,.sev-high{color:#a00;font-weight:bold}.notice{padding:.5rem;border:1px solid #7a7;background:#efe}
.error{padding:.5rem;border:1px solid #a77;background:#fee}form.decision{border:1px solid #ccc;padding:.5rem;margin:.5rem 0;background:#fff}
label{display:block;margin:.3rem 0}input[type=text],input[type=password],textarea{width:100%;max-width:40rem}
a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f90}`;

/** One page: a header with the signed-in reviewer, a main landmark, no scripts, no external assets. */
export function page(title: string, body: Raw, who?: { name: string; csrf: string }): string {
  const user = who
    ? html`<form method="post" action="/ui/logout"><span>Signed in as ${who.name}</span> <input type="hidden" name="csrf" value="${who.csrf}"><button type="submit">Sign out</button></form>`
    : html``;
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · skillsign review</title><style>${new Raw(STYLE)}</style></head>
<body><header><a href="/ui/">skillsign review</a>${user}</header><main id="main"><h1>${title}</h1>${body}</main></body></html>`}`;
}
