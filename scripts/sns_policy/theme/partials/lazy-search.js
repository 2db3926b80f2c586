{#-
  Search is loaded when a reader wants it, not on every page (inlined by main.html
  before Material's bundle).

  Material 9.8 starts its search worker (config "search" in #__config) and fetches
  search/search_index.json as soon as a page loads. Here both wait until the reader
  opens search or focuses the search box (or arrives with ?q= or ?h=); Material's own
  code then does all the searching, so results are exactly Material's.

  Material's language switcher also fetches sitemap.xml next to every hreflang
  alternate to map pages between languages; our switcher links and alternates already
  point at each page's own translation, so those requests are not sent at all.

  The worker started is ours (assets/javascripts/workers/search-words.js), which loads
  Material's and reads Japanese queries the way the index was read (see that file).

  Only requests for these three addresses are touched; everything else passes through.
  (A Jinja comment, so pages do not carry it.)
-#}
(function () {
  var config = JSON.parse(document.getElementById("__config").textContent);
  var workerUrl = new URL(config.search, location.href).href;
  var wanted = false;
  var waiting = [];

  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function whenWanted(go) {
    if (wanted) go(); else waiting.push(go);
  }

  // The search worker: a stand-in that Material talks to until the real one starts.
  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (new URL(url, location.href).href !== workerUrl) return new RealWorker(url, options);
    var stand_in = new EventTarget();
    var real = null;
    var queue = [];
    whenWanted(function () {
      var words = new URL("search-words.js", workerUrl);
      words.searchParams.set("material", workerUrl);
      real = new RealWorker(words.href, options);
      real.addEventListener("message", function (event) {
        stand_in.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      real.addEventListener("error", function () {
        stand_in.dispatchEvent(new Event("error"));
      });
      queue.splice(0).forEach(function (message) { real.postMessage(message); });
    });
    stand_in.postMessage = function (message) {
      if (real) real.postMessage(message); else queue.push(message);
    };
    stand_in.terminate = function () {
      if (real) real.terminate();
    };
    return stand_in;
  };

  // The search index waits; the language-mapping sitemaps are not fetched.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__lazyPath = new URL(url, location.href).pathname;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    var path = request.__lazyPath || "";
    if (/\/sitemap\.xml$/.test(path)) return;
    if (/\/search\/search_index\.json$/.test(path)) {
      whenWanted(function () { send.apply(request, args); });
      return;
    }
    return send.apply(request, args);
  };

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) want();
  var toggle = document.getElementById("__search");  // the page is parsed: this runs at the end of <body>
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) want(); });
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof Element && target.matches("[data-md-component=search-query]")) want();
  });
})();
