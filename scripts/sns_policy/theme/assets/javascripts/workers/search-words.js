/*
 * Material's search worker, with Japanese queries read the way the index was read.
 *
 * Material splits the text of every page with the separator of mkdocs.yml and then cuts
 * each Japanese piece with TinySegmenter (lunr/tinyseg.js), but cuts a query only at the
 * separator and at the kanji runs it finds in the index. The two disagree, so a question
 * typed as a resident types it (コメントが消された) matched nothing, and the pieces of the
 * query that matched nothing were shown struck through as "not searched".
 *
 * This worker loads Material's own (its address is in ?material=, this theme's
 * partials/lazy-search.js starts it) and changes two things for a query with Japanese in it:
 * - the query is cut exactly as the index was (same separator, same segmenter), each
 *   piece searched as a prefix (a single kana only as itself), any of them may match;
 * - the pieces a result lacks are not reported: they are parts of the reader's words,
 *   not words the reader typed, so nothing of their question is struck through.
 * English queries are Material's own. Every result loses its "words" field (the search
 * words of scripts/data/search-words.yml): they rank a section, they are never shown.
 */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]/;
  var SINGLE_KANA = /^[\u3040-\u30ff]$/;

  var listeners = [];
  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type === "message") listeners.push(listener); else addEventListener(type, listener, options);
  };
  importScripts(new URLSearchParams(location.search).get("material"));
  self.addEventListener = addEventListener;

  var query = null;  // the reader's words, as typed, while Material answers them

  /* The pieces Material's tokenizer makes of ``text`` when it indexes it. */
  function pieces(text) {
    var separator = new RegExp(lunr.tokenizer.separator.source, "g");
    var out = [];
    var index = 0;
    var match;
    do {
      match = separator.exec(text);
      var until = match ? match.index : text.length;
      if (index < until) {
        var part = text.slice(index, until);
        if (lunr.segmenter && /^[MHIK]$/.test(lunr.segmenter.ctype_(part))) out.push.apply(out, lunr.segmenter.segment(part));
        else out.push(part);
      }
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) separator.lastIndex = match.index + 1;
      }
    } while (match);
    return out.map(function (piece) { return piece.toLowerCase(); }).filter(Boolean);
  }

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (queryString) {
    if (query === null || !JAPANESE.test(query)) return search.call(this, queryString);
    var terms = pieces(query.replace(/[*+\-:^~"]/g, " "));
    if (!terms.length) return search.call(this, queryString);
    return this.query(function (builder) {
      terms.forEach(function (term) {
        builder.term(term, {
          wildcard: SINGLE_KANA.test(term) ? lunr.Query.wildcard.NONE : lunr.Query.wildcard.TRAILING
        });
      });
    });
  };

  /* A result as the page shows it: no search words, no parts of the query struck through. */
  function shown(item) {
    delete item.words;
    if (item.terms && query !== null && JAPANESE.test(query))
      Object.keys(item.terms).forEach(function (term) {
        if (!item.terms[term]) delete item.terms[term];
      });
    return item;
  }

  var postMessage = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items)
      message.data.items.forEach(function (group) { group.forEach(shown); });
    postMessage(message);
  };

  addEventListener("message", function (event) {
    if (event.data && event.data.type === QUERY) query = String(event.data.data);
    listeners.forEach(function (listener) { listener(event); });
  });
})();
