// The Qlik stand-in's qlik-embed/main.js: what QSEoW serves the loader, reduced to what a test can check.
// Like Qlik's runtime it fetches a CSRF token and opens the engine WebSocket /app/<appId>/identity/<identity>
// with qlik-csrf-token in the query, opens the app on it; it then writes what it mounted into the element (text only).
(function () {
  function engineUrl(host, appId, identity, token) {
    var base = host.replace(/^http/, "ws").replace(/\/+$/, "");
    return base + "/app/" + encodeURIComponent(appId) + (identity ? "/identity/" + encodeURIComponent(identity) : "")
      + "?qlik-csrf-token=" + encodeURIComponent(token);
  }
  function mount(target, props) {
    var host = props.hostConfig && props.hostConfig.host;
    var label = document.createElement("div");
    label.className = "stand-in-embed";
    label.textContent = "stand-in " + props.ui + " app=" + props.appId + " identity=" + (props.identity || "");
    target.appendChild(label);
    target.dataset.mounted = props.ui;
    fetch(host.replace(/\/+$/, "") + "/qps/csrftoken", { credentials: "same-origin" }).then(function (response) {
      var token = response.headers.get("qlik-csrf-token") || "";
      var socket = new WebSocket(engineUrl(host, props.appId, props.identity, token));
      // Like Qlik's clients: open the app first, as a JSON-RPC request on the global handle.
      socket.onopen = function () {
        target.dataset.engine = "open";
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, handle: -1, method: "OpenDoc", params: [props.appId] }));
      };
      socket.onmessage = function (event) {
        var answer = JSON.parse(event.data);
        if (answer.id === 1 && answer.result && answer.result.qReturn.qType === "Doc") { target.dataset.engine = "echoed"; }
        if (answer.error) { target.dataset.engine = "refused " + answer.error.code; }
      };
      socket.onerror = function () { target.dataset.engine = "error"; };
    });
    return { $set: function () {}, $destroy: function () { label.remove(); } };
  }
  window.QlikMain = {
    import: function (name) {
      if (name.indexOf("embed-vanilla") === 0) {
        return Promise.resolve({ mountVanillaEmbedComponent: function (o) { return mount(o.target, o.props); } });
      }
      return Promise.resolve({
        setInitialAppState: function () {},
        addOnAppOpenCallback: function (options, callback) { return callback({ appId: options.appId }); }
      });
    }
  };
})();
