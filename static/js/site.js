// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function showError(message) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.textContent = message || box.dataset.message;
    box.hidden = false;
    window.setTimeout(function () { box.hidden = true; }, 8000);
  }

  document.addEventListener("htmx:responseError", function () { showError(); });
  document.addEventListener("htmx:sendError", function () { showError(); });
})();

// === Example detail, comments, reports and moderation: keep keyboard focus where the work is ===
(function () {
  "use strict";

  // A report form or comment editor loaded in place takes the focus (data-focus-field).
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt;
    if (!root || root === document.body || !root.querySelector) return;
    var box = root.matches("[data-focus-field]") ? root : root.querySelector("[data-focus-field]");
    var field = box && box.querySelector("textarea, input:not([type=hidden])");
    if (field) field.focus();
  });

  // After a 422 (form with errors swapped in) the first field that needs attention gets focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 422) return;
    var field = document.querySelector("[aria-invalid='true']");
    if (field) field.focus();
  });
})();

// === Orientation after an HTMX swap: focus goes somewhere sensible, a live region says what changed ===
(function () {
  "use strict";

  var live;
  function liveRegion() {
    if (!live) {
      live = document.createElement("div");
      live.id = "swap-status";
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    return live;
  }
  // Made at load, not at the first swap: a region added together with its text is not read out.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", liveRegion);
  } else {
    liveRegion();
  }

  function announce(text) {
    var region = liveRegion();
    region.textContent = "";
    // A new text node after a tick, so the same words twice ("20 examples found") are read again.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function focusOn(element) {
    if (!element) return false;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: element.matches("h2, h3") ? false : true });
    return true;
  }

  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    swappedId = target && target.id ? target.id : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    if (detail.xhr && detail.xhr.status === 422) return; // the form's first invalid field has it
    var fresh = swappedId ? document.getElementById(swappedId) : null;

    var said = fresh && (fresh.matches("[data-announce]") ? fresh : fresh.querySelector("[data-announce]"));
    if (said && said.textContent.trim()) announce(said.textContent.trim().replace(/\s+/g, " "));

    // Something new that asks for the focus (a comment just posted) gets it.
    var asked = document.querySelectorAll("[data-focus-after-swap]");
    if (asked.length) {
      var last = asked[asked.length - 1];
      asked.forEach(function (el) { el.removeAttribute("data-focus-after-swap"); });
      focusOn(last);
      return;
    }
    // Focus still on something on the page (a filter being changed): leave it there.
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    // The control that was used went with the swap: its successor, or the new part's heading.
    if (!fresh) return;
    var heading = fresh.matches("h2, h3") ? fresh : fresh.querySelector("h2, h3");
    var section = fresh.closest("section[aria-labelledby]");
    if (!heading && section) heading = document.getElementById(section.getAttribute("aria-labelledby"));
    var control = fresh.matches("form") ? fresh.querySelector("button, [type=submit]") : null;
    focusOn(control || heading || fresh.querySelector("a[href], button") || fresh);
  });
})();
