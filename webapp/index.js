// Shows the index page's notice while no Qlik server is connected (the built-in inspection upstream), as /health says.
'use strict';
fetch('health', { cache: 'no-store' })
  .then((response) => response.json())
  .then((health) => {
    const inspection = Boolean(health.upstream && health.upstream.inspection === true);
    document.getElementById('no-qlik').hidden = !inspection;
    document.documentElement.dataset.upstream = inspection ? 'inspection' : 'qlik';
  })
  .catch(() => { /* no health, no notice: the page's links still work */ });
