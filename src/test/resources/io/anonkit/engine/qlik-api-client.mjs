// Qlik's @qlik/api, the library the qlik-embed runtime is built on, opens an app session through the kit as a
// client-managed (windowscookie) host, reads the app's layout, creates a chart's session object and reads its layout,
// and asks for the load script, which the kit refuses. Arguments: the kit's /qlik/ URL, the app id and, optionally, the
// engine identity (as the runtime takes it from a qlik-embed element's identity attribute).
import { auth, qix } from '@qlik/api';

const [host, appId, identity] = process.argv.slice(2);
const hostConfig = {
  authType: 'windowscookie',
  host,
  // In Node.js, @qlik/api's windowscookie mode trades a token for Qlik's session cookie at qlik-embed/main.js. The kit
  // drops the Authorization header (the identity is the kit's to inject), so any token will do.
  getAccessToken: async () => 'not-a-credential',
};
auth.setDefaultHostConfig(hostConfig);
const session = qix.openAppSession(identity ? { appId, identity, hostConfig } : { appId, hostConfig });
let app;
try {
  app = await session.getDoc();
} catch (error) {
  console.log(JSON.stringify({ opened: false }));
  process.exit(0);
}
const appLayout = await app.getAppLayout();
const chart = await app.createSessionObject({
  qInfo: { qType: 'barchart' },
  qHyperCubeDef: {
    qDimensions: [{ qDef: { qFieldDefs: ['Country'] } }],
    qMeasures: [{ qDef: { qDef: 'Sum(Sales)' } }],
    qInitialDataFetch: [{ qTop: 0, qLeft: 0, qWidth: 2, qHeight: 10 }],
  },
});
const layout = await chart.getLayout();
let script;
try {
  await app.getScript();
  script = 'allowed';
} catch (error) {
  script = error.code;
}
console.log(JSON.stringify({
  title: appLayout.qTitle,
  rows: layout.qHyperCube.qDataPages[0].qMatrix.map((row) => `${row[0].qText}=${row[1].qNum}`),
  script,
}));
await session.close();
process.exit(0);
