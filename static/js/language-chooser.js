// The language chooser (templates/includes/language_switcher.html) is a <details> disclosure: it opens, closes
// and leads to every language without this script. The script adds what the disclosure lacks:
// - it remembers the choice: a click on a language sets the cookie that keeps the first-visit redirect
//   (core.middleware.FirstVisitLanguageMiddleware) from sending the visitor back to their browser's language. The
//   pages themselves cannot set it (a page that sets a cookie is not cached for everyone), so without JavaScript
//   the links work but the choice is not remembered;
// - Escape closes the list and puts the focus back on its button; a click or the focus outside closes it too.
(function () {
  "use strict";

  const chooser = document.querySelector(".language-chooser");
  const details = chooser && chooser.querySelector("details");
  if (!details) {
    return;
  }
  const summary = details.querySelector("summary");
  const cookieName = chooser.dataset.cookieName;
  const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

  chooser.addEventListener("click", (event) => {
    const link = event.target.closest("a[hreflang]");
    if (!link || !cookieName) {
      return;
    }
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${cookieName}=${encodeURIComponent(link.getAttribute("hreflang"))}; path=/; max-age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
  });

  details.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && details.open) {
      event.preventDefault();
      details.open = false;
      summary.focus();
    }
  });

  document.addEventListener("click", (event) => {
    if (details.open && !chooser.contains(event.target)) {
      details.open = false;
    }
  });

  chooser.addEventListener("focusout", (event) => {
    if (details.open && event.relatedTarget && !chooser.contains(event.relatedTarget)) {
      details.open = false;
    }
  });
})();
