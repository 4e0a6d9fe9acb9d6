// Sharing/editing an example: show only the chosen behaviour's writing questions beside the
// story. Without this file every behaviour's questions are listed in a <details> element.
(function () {
  "use strict";

  function update(form) {
    var guidance = form.querySelector("[data-behaviour-guidance]");
    if (!guidance) return;
    var chosen = form.querySelector('input[name="behaviour"]:checked');
    var hint = guidance.querySelector("[data-guidance-hint]");
    var details = guidance.querySelector("[data-guidance-details]");
    guidance.querySelectorAll("[data-behaviour]").forEach(function (section) {
      section.hidden = Boolean(chosen) && section.dataset.behaviour !== chosen.value;
    });
    if (hint) hint.hidden = Boolean(chosen);
    if (details) {
      guidance.classList.toggle("guidance-focused", Boolean(chosen));
      if (chosen) details.open = true;
    }
  }

  function init(root) {
    root.querySelectorAll("form.example-form").forEach(update);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.name === "behaviour") {
      var form = target.closest("form.example-form");
      if (form) update(form);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();

// "Whose people showed the behaviour?" needs at least one tick. HTML has no such constraint for
// a group of checkboxes, so every box is `required` while none is ticked and none once one is:
// the browser's own validation then asks before anything is sent (the server checks it too).
(function () {
  "use strict";

  var NAME = "recognised_organisations";

  function update(form) {
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + NAME + '"]');
    var ticked = Array.prototype.some.call(boxes, function (box) { return box.checked; });
    boxes.forEach(function (box) { box.required = !ticked; });
  }

  function init() {
    document.querySelectorAll("form.example-form").forEach(update);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.name === NAME) {
      var form = target.closest("form.example-form");
      if (form) update(form);
    }
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
