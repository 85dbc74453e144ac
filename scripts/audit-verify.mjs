#!/usr/bin/env node
// Verifies the audit trail's hash chain through the running backend's admin
// endpoint (GET /api/audit/verify) and prints every broken link, one a line.
//
//   OPSSIGHT_API_TOKEN=… node scripts/audit-verify.mjs [--url <backend base URL>] [--json]
//
// The backend URL defaults to $OPSSIGHT_BACKEND_URL, else http://localhost:$OPSSIGHT_BACKEND_PORT
// (7007). The token is the backend's static API token, or any token allowed
// opssight.audit.read.
// Exit 0: the chain is intact; 1: it is broken; 2: it could not be checked.
const args = process.argv.slice(2);
let baseUrl =
  process.env.OPSSIGHT_BACKEND_URL ??
  `http://localhost:${process.env.OPSSIGHT_BACKEND_PORT ?? 7007}`;
let json = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--url') baseUrl = args[++i];
  else if (args[i] === '--json') json = true;
  else {
    console.error(
      'usage: audit-verify.mjs [--url <backend base URL>] [--json]  (token in OPSSIGHT_API_TOKEN)',
    );
    process.exit(2);
  }
}

const token = process.env.OPSSIGHT_API_TOKEN;
if (!token) {
  console.error(
    'audit-verify: set OPSSIGHT_API_TOKEN to the backend API token',
  );
  process.exit(2);
}

const url = `${baseUrl.replace(/\/+$/, '')}/api/audit/verify`;
let result;
try {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    // Verifying walks the whole chain, which takes a while on a long one.
    signal: AbortSignal.timeout(30 * 60 * 1000),
  });
  const body = await response.text();
  if (!response.ok) {
    let message = body;
    try {
      message = JSON.parse(body).error?.message ?? body;
    } catch {
      // not JSON: print as is
    }
    console.error(`audit-verify: ${url}: HTTP ${response.status}: ${message}`);
    process.exit(2);
  }
  result = JSON.parse(body);
} catch (error) {
  console.error(
    `audit-verify: ${url}: ${error.cause?.message ?? error.message}`,
  );
  process.exit(2);
}

if (json) {
  console.log(JSON.stringify(result));
} else if (result.ok) {
  console.log(`Audit trail intact: ${result.checked} entries checked.`);
} else {
  // Older backends reported only the first broken link.
  const broken =
    result.broken ?? (result.firstBroken ? [result.firstBroken] : []);
  const count = result.brokenCount ?? broken.length;
  const lines = [
    `Audit trail BROKEN: ${count} broken ${count === 1 ? 'link' : 'links'} (${
      result.checked
    } entries walked):`,
    ...broken.map(link => `  entry ${link.seq}: ${link.reason}`),
  ];
  if (count > broken.length) {
    lines.push(`  … and ${count - broken.length} more`);
  }
  console.log(lines.join('\n'));
}
process.exit(result.ok ? 0 : 1);
