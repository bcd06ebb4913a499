// The page frame of every IdP page: server-rendered HTML with inline CSS, a card layout, the
// company name in the header, and nothing that needs JavaScript.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root{color-scheme:light;--ink:#1c2330;--muted:#5b6474;--brand:#1f5fbf;--bg:#eef2f7;--err:#a61b1b;--errbg:#fdecec}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid #d8dee8;padding:.75rem 1.5rem;font-weight:600}
header span{color:var(--muted);font-weight:400;margin-left:.5rem}
main{display:flex;justify-content:center;padding:3rem 1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(20,30,50,.08);padding:2rem;width:100%;max-width:26rem}
h1{font-size:1.4rem;margin:0 0 1rem}p{margin:.5rem 0 1rem;color:var(--muted)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=password]{width:100%;padding:.6rem .7rem;border:1px solid #b8c1d0;border-radius:8px;font:inherit}
input:focus,button:focus{outline:3px solid #9cc0f5;outline-offset:1px}
button{margin-top:1.5rem;width:100%;padding:.7rem;border:0;border-radius:8px;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:var(--brand);border:1px solid var(--brand);margin-top:.75rem}
[role=alert]{background:var(--errbg);color:var(--err);border:1px solid #f2b8b8;border-radius:8px;padding:.6rem .8rem;margin:0 0 1rem}
.note{font-size:.9rem;color:var(--muted)}ul{padding-left:1.2rem}code{font-size:.9em}
`;

export interface PageOptions {
  company: string;
  title: string;
  body: string;
}

/** A full HTML document; `body` must already be escaped. */
export function renderPage({ company, title, body }: PageOptions): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(company)}</title><style>${CSS}</style></head>
<body><header>${escapeHtml(company)}<span>Sign-in service</span></header>
<main><div class="card">${body}</div></main></body></html>`;
}

/** The error box (role `alert`, DESIGN.md) or nothing. */
export function alertBox(message: string | undefined): string {
  return message ? `<div role="alert">${escapeHtml(message)}</div>` : '';
}
