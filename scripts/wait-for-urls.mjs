#!/usr/bin/env node
// Waits until every URL answers with a 2xx/3xx status.
//
//   node scripts/wait-for-urls.mjs [--timeout <seconds>] [--pid <pid>]
//                                  [--fail-log <file> --fail-pattern <regex>] <url>...
//
// Exits 0 once all are up, 1 on timeout, 2 when the process given with --pid
// (the server being waited for) has exited first, 3 when --fail-log matches
// --fail-pattern (e.g. the backend crashed and the dev runner waits for a change).
import fs from 'node:fs';

const args = process.argv.slice(2);
let timeoutSec = 600;
let pid;
let failLog;
let failPattern;
const urls = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--timeout') timeoutSec = Number(args[++i]);
  else if (args[i] === '--pid') pid = Number(args[++i]);
  else if (args[i] === '--fail-log') failLog = args[++i];
  else if (args[i] === '--fail-pattern')
    failPattern = new RegExp(args[++i], 'm');
  else urls.push(args[i]);
}
if (urls.length === 0) {
  console.error('usage: wait-for-urls.mjs [--timeout s] [--pid pid] <url>...');
  process.exit(64);
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

async function up(url) {
  try {
    const res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 400;
  } catch {
    return false;
  }
}

const deadline = Date.now() + timeoutSec * 1000;
const pending = new Set(urls);
while (pending.size > 0) {
  for (const url of [...pending]) {
    if (await up(url)) pending.delete(url);
  }
  if (pending.size === 0) break;
  if (pid && !alive(pid)) {
    console.error(
      `wait-for-urls: process ${pid} exited before ${[...pending].join(
        ', ',
      )} answered`,
    );
    process.exit(2);
  }
  if (failLog && failPattern) {
    let text = '';
    try {
      text = fs.readFileSync(failLog, 'utf8');
    } catch {
      // not written yet
    }
    const m = failPattern.exec(text);
    if (m) {
      console.error(
        `wait-for-urls: ${failLog} shows a failure (${JSON.stringify(
          m[0],
        )}) before ${[...pending].join(', ')} answered`,
      );
      process.exit(3);
    }
  }
  if (Date.now() > deadline) {
    console.error(
      `wait-for-urls: timed out after ${timeoutSec}s waiting for ${[
        ...pending,
      ].join(', ')}`,
    );
    process.exit(1);
  }
  await new Promise(r => setTimeout(r, 1000));
}
