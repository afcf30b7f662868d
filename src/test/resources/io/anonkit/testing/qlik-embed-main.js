// The Qlik stand-in's qlik-embed/main.js: what QSEoW serves the loader, reduced to what a test can check.
// Like Qlik's runtime it fetches a CSRF token and opens the engine WebSocket /app/<appId>/identity/<identity>
// with qlik-csrf-token in the query; it then writes what it mounted into the element (text only).
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
      socket.onopen = function () { target.dataset.engine = "open"; socket.send("ping:" + props.ui); };
      socket.onmessage = function (event) {
        if (event.data === "ping:" + props.ui) { target.dataset.engine = "echoed"; }
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
