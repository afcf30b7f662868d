// Called by <q:appOpenAction callback="anonkitAppOpened"> when the demo app opens.
window.anonkitAppOpened = function (app) {
  document.documentElement.dataset.qlikAppOpened = "true";
  return app;
};
