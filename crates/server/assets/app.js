// Sundial's progressive enhancement. Pages work without it; with it:
//  - the setup form preselects the browser's time zone;
//  - pages marked with data-live-after follow the live event stream (/api/v1/events, signed
//    in by the session cookie) and refresh their [data-live] regions in place, leaving forms
//    (and whatever is being typed) untouched;
//  - the composer's ask preview refreshes as its fields change (htmx, see thread.html).
"use strict";

(function () {
  function preselectZone() {
    var select = document.querySelector("select[data-browser-zone]");
    if (!select || select.getAttribute("aria-invalid") === "true") return;
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone || select.options[i].text === zone) {
        select.selectedIndex = i;
        return;
      }
    }
  }

  // Replaces each [data-live] region with its counterpart in a fresh copy of the page. A
  // region holding the focused element is left alone until the next refresh, so nothing
  // jumps under the user's hands.
  var refreshing = false, again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Sundial-Live": "1" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live][id]").forEach(function (region) {
          var next = fresh.getElementById(region.id);
          if (!next || region.innerHTML === next.innerHTML) return;
          if (region.contains(document.activeElement) && document.activeElement !== document.body) return;
          region.innerHTML = next.innerHTML;
          if (window.htmx) window.htmx.process(region);
        });
        document.body.dataset.liveRefreshed = String(Number(document.body.dataset.liveRefreshed || 0) + 1);
      })
      .catch(function () {})
      .finally(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  function followEvents() {
    var after = document.body.dataset.liveAfter;
    if (after === undefined || !window.EventSource || !document.querySelector("[data-live]")) return;
    // EventSource sends Last-Event-ID itself when it reconnects, so nothing is missed.
    var source = new EventSource("/api/v1/events?after=" + encodeURIComponent(after));
    var timer = null;
    // Kinds a page does not show. A thread page marks itself read when loaded, which is a
    // `thread.read` event: refreshing on it would refresh for ever.
    var ignored = {};
    document.querySelectorAll("[data-live-ignore]").forEach(function (el) {
      el.getAttribute("data-live-ignore").split(/\s+/).forEach(function (kind) { ignored[kind] = true; });
    });
    var onEvent = function (event) {
      if (ignored[event.type]) return;
      // A burst of events (a post with an ask) becomes one refresh.
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    };
    ["thread.created", "message.posted", "message.edited", "reaction.added", "reaction.removed",
     "thread.resolved", "thread.reopened", "thread.read", "request.created", "obligation.updated",
     "channel.created", "channel.members_added", "member.updated", "digest.delivered",
     "notification.delivered", "notification.read"].forEach(function (kind) { source.addEventListener(kind, onEvent); });
    source.onopen = function () { document.body.dataset.live = "connected"; };
  }

  document.addEventListener("DOMContentLoaded", function () {
    preselectZone();
    followEvents();
  });
})();
