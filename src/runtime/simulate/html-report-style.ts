/** The style sheet of the HTML report (inline: the page stands alone, printable). */
export const REPORT_CSS = `
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--soft:#f8fafc;--brand:#4f46e5;--ok:#059669;--warn:#d97706;--bad:#dc2626}
*{box-sizing:border-box}
body{margin:0;background:#f1f5f9;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:28px 24px 40px}
header.hero{background:linear-gradient(135deg,#312e81,#4f46e5 55%,#0ea5e9);color:#fff;border-radius:16px;padding:26px 30px;margin-bottom:22px}
header.hero h1{margin:0 0 4px;font-size:28px;letter-spacing:-.01em}
header.hero .sub{margin:0;opacity:.85}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:16px 0 0;padding:0}
.facts div{display:flex;gap:6px}.facts dt{opacity:.75}.facts dd{margin:0;font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-bottom:22px}
.kpi{background:#fff;border-radius:12px;padding:14px 18px;box-shadow:0 1px 2px rgba(15,23,42,.06)}
.kpi .v{font-size:26px;font-weight:700;font-variant-numeric:tabular-nums}.kpi .k{color:var(--muted);font-size:13px}
section{background:#fff;border-radius:14px;padding:20px 24px;margin-bottom:22px;box-shadow:0 1px 2px rgba(15,23,42,.06);break-inside:avoid}
section h2{margin:0 0 4px;font-size:19px}section p.lead{margin:0 0 14px;color:var(--muted);font-size:13.5px}
.funnel-wrap{display:flex;gap:20px;align-items:flex-start}
#funnel{flex:1;min-width:0;width:100%;height:auto;display:block}
#funnel text{font-size:13px;fill:var(--ink)}#funnel text.lab{font-weight:600}#funnel text.in{fill:#fff;font-weight:600}
.side{display:flex;flex-direction:column;gap:12px;min-width:150px}
.side .fig{border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.side .fig .v{font-size:20px;font-weight:700;font-variant-numeric:tabular-nums}.side .fig .k{font-size:12.5px;color:var(--muted)}
.side .unsub .v{color:var(--warn)}.side .bounce .v{color:var(--bad)}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th,td{padding:7px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);color:var(--muted);font-weight:600;font-size:11.5px;text-transform:uppercase;letter-spacing:.02em;vertical-align:bottom}
.scroll{overflow-x:auto}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n,#aws td:first-child{white-space:nowrap}
td.rate{color:var(--brand);font-weight:600}
tbody.group tr:first-child td{border-top:2px solid var(--line)}
td.repeat{color:#b6bcc6}
tfoot td{font-weight:700;background:var(--soft)}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 5px;border-radius:4px}
.share{display:flex;align-items:center;gap:8px;justify-content:flex-end}
.share .track{width:120px;height:8px;background:var(--line);border-radius:4px;overflow:hidden}
.share .fill{height:100%;background:var(--brand)}
.note{font-size:12.5px;color:var(--muted);margin:12px 0 0}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center}
#stages{max-width:620px}#moves{max-width:520px}
.workflow-funnel{border-top:1px solid var(--line);padding-top:12px;margin-top:12px}.workflow-funnel:first-child{border-top:0;margin-top:0;padding-top:0}
.workflow-funnel h3{margin:0 0 8px;font-size:16px}.workflow-funnel h3 small{color:var(--muted);font-weight:400}
.endings{display:flex;flex-wrap:wrap;gap:6px 18px;margin:0 0 10px;padding:0}.endings div{display:flex;gap:6px}.endings dt{color:var(--muted)}.endings dd{margin:0;font-weight:600}.endings span{color:var(--muted);font-weight:400}
svg.daily{width:100%;height:auto;display:block}svg.daily text{font-size:11px;fill:var(--muted)}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin-left:8px}.key.sent{background:#c7d2fe}.key.opened{background:#4f46e5}
td.links{white-space:nowrap;font-size:12.5px}
#attribution td.credit .of{color:var(--muted);font-size:11.5px}#attribution td.credit .track{display:block;height:3px;margin-top:3px;background:var(--line);border-radius:2px;overflow:hidden}#attribution td.credit .fill{height:100%;background:var(--brand)}
@media (max-width:720px){.kpis{grid-template-columns:repeat(2,1fr)}.funnel-wrap{flex-direction:column}.side{flex-direction:row;flex-wrap:wrap}.share .track{width:60px}}
@page{margin:14mm}
@media print{body{background:#fff;font-size:12px}main{padding:0;max-width:none}section,.kpi{box-shadow:none;border:1px solid var(--line)}
header.hero{-webkit-print-color-adjust:exact;print-color-adjust:exact}.fill,#funnel,svg.daily{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;
