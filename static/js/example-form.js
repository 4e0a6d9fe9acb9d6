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
