// Qlik's @qlik/api, the library the qlik-embed runtime is built on, holds an app session through the kit while the
// Qlik behind the kit restarts: it must open the session again by itself, without any call from the page, and go on.
// Prints one JSON line per WebSocket event and per phase. Arguments: the kit's /qlik/ URL and the app id.
import { auth, qix } from '@qlik/api';

const [host, appId] = process.argv.slice(2);
// The kit authenticates for the page (its pooled Qlik session, its identity, that session's CSRF token on the engine
// WebSocket), which is what @qlik/api's 'none' mode expects of a same-origin proxy.
const hostConfig = { authType: 'none', host };
auth.setDefaultHostConfig(hostConfig);
setTimeout(() => {
  console.log(JSON.stringify({ phase: 'timeout' }));
  process.exit(1);
}, 50000);
let resumed;
const resumedBySelf = new Promise((resolve) => {
  resumed = resolve;
});
const session = qix.openAppSession({ appId, hostConfig });
session.onWebSocketEvent((event) => {
  console.log(JSON.stringify({ event: event.eventType, code: event.code ?? null }));
  if (event.eventType === 'resumed') {
    resumed();
  }
});
const app = await session.getDoc();
const before = await app.getAppLayout();
console.log(JSON.stringify({ phase: 'open', title: before.qTitle }));
// No call until the session is back: only a resume of its own brings it back.
await resumedBySelf;
const after = await app.getAppLayout();
console.log(JSON.stringify({ phase: 'resumed', title: after.qTitle }));
await session.close();
process.exit(0);
