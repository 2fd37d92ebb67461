/**
 * The HTML report's stylesheet, inlined so the page opens from a CI artefact or a mail with no
 * network. No child selectors or entities: the page stays well-formed XML as well as HTML.
 */
export const htmlStyle = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; background: #fafafa; }
h1 { font-size: 1.4em; margin: 0 0 0.2em; }
.summary { margin: 0 0 1em; color: #555; }
.summary .passed { color: #137333; font-weight: 600; }
.summary .failed { color: #c5221f; font-weight: 600; }
table.timeline { border-collapse: collapse; width: 100%; table-layout: fixed; background: #fff; }
table.timeline th { position: sticky; top: 0; background: #eef1f5; text-align: left; padding: 0.4em; border-bottom: 2px solid #c9ced6; }
table.timeline th.time { width: 6.5em; }
table.timeline td { vertical-align: top; padding: 0.25em 0.4em; border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
td.time { color: #666; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.step td { background: #f3f6fb; font-weight: 600; border-top: 2px solid #c9ced6; }
tr.step.failed td { background: #fce8e6; color: #a50e0e; }
tr.step.skipped td { color: #888; font-weight: 400; }
.entry { border-left: 3px solid #34a853; padding-left: 0.4em; }
.entry.action { border-left-color: #4285f4; }
.entry.bad { border-left-color: #d93025; color: #a50e0e; background: #fdecea; }
.ids { color: #5f6368; font-size: 0.85em; }
pre { margin: 0.3em 0; padding: 0.4em; background: #f6f8fa; border: 1px solid #e1e4e8; white-space: pre-wrap; font-size: 0.85em; }
.failure pre { background: #fff5f5; border-color: #f3c1bd; }
details summary { cursor: pointer; color: #3c4043; }
td.arrow { background: linear-gradient(#4285f4, #4285f4) center / 100% 2px no-repeat; }
td.arrow.from-left { background: linear-gradient(#4285f4, #4285f4) right center / 50% 2px no-repeat; }
td.arrow.from-right { background: linear-gradient(#4285f4, #4285f4) left center / 50% 2px no-repeat; }
`;
