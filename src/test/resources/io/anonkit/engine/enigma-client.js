// Qlik's own engine client, enigma.js with its QIX schema, through the kit: it opens the app, reads a chart's layout
// and data, selects, and tries what the embed profile forbids. Prints one JSON line of what it saw.
const enigma = require('enigma.js');
const schema = require('enigma.js/schemas/12.2027.0.json');
const WebSocket = require('ws');

(async () => {
  const url = process.argv[2];
  const session = enigma.create({
    schema,
    url,
    createSocket: (address) => new WebSocket(address, { headers: { Origin: 'https://site.example' } }),
  });
  const out = {};
  const global = await session.open();
  const app = await global.openDoc(process.argv[3]);
  const chart = await app.getObject('chart-1');
  out.layout = (await chart.getLayout()).qInfo.qId;
  const pages = await chart.getHyperCubeData('/qHyperCubeDef', [{ qTop: 0, qLeft: 0, qWidth: 2, qHeight: 10 }]);
  out.rows = pages[0].qMatrix.length;
  await chart.selectHyperCubeValues('/qHyperCubeDef', 0, [0], false);
  for (const [name, call] of [['script', () => app.getScript()], ['docList', () => global.getDocList()],
    ['reload', () => app.doReload()], ['export', () => chart.exportData('OOXML', '/qHyperCubeDef')]]) {
    try {
      await call();
      out[name] = 'allowed';
    } catch (error) {
      out[name] = error.code;
    }
  }
  out.stillOpen = (await chart.getLayout()).qInfo.qId;
  console.log(JSON.stringify(out));
  await session.close();
})().catch((error) => {
  console.error('FAILED', error && (error.stack || error.message || JSON.stringify(error)));
  process.exit(1);
});
