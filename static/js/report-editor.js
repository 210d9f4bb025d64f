// Live preview of Markdown fields (a report's body; an output's or results' texts). The server renders it with
// the code that renders it on save (Markdown, then nh3), so the preview is exactly what the public will see, and
// safe. Each source names its preview's id in data-markdown-source (empty: the report's "report-preview").
function attachPreview(source) {
  const preview = document.getElementById(source.dataset.markdownSource || "report-preview");
  const form = source.form;
  if (!preview || !form) return;
  const url = preview.dataset.previewUrl;
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let timer = null;
  let controller = null;

  async function refresh() {
    if (controller) controller.abort();
    controller = new AbortController();
    const body = new FormData();
    body.append("body", source.value);
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) return;
      preview.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") preview.dataset.stale = "true";
    }
  }

  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  if (source.value.trim()) refresh();
}

document.querySelectorAll("[data-markdown-source]").forEach(attachPreview);
