// The "Select all" box of django-import-export's export page, bound here rather than by an inline
// onchange attribute, which the Content Security Policy forbids.
document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
  toggle.addEventListener("change", function (event) {
    if (typeof window.onSelectToggleChange === "function") window.onSelectToggleChange(event);
  });
});
