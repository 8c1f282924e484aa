// Briefing export: while a file is prepared (a PDF takes a few seconds) the button is disabled
// and says "Preparing…"; the file then downloads and the page says which file, with its SHA-256.
// Without this script the form posts normally and the browser downloads the file.
// If the server refuses (bad input, no access), the form is submitted the ordinary way so that
// the server's own page explains why.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form[data-export]") || !window.fetch || !window.URL) {
    return;
  }
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector(".export-status");
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = button.dataset.busyText || "Preparing…";
  if (status) status.textContent = form.dataset.textPreparing || "Preparing the file…";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    });
    const disposition = response.headers.get("Content-Disposition") || "";
    if (!response.ok || !disposition.startsWith("attachment")) {
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    const name = fileName(disposition);
    save(await response.blob(), name);
    if (status) {
      // The page's language: "{name}" and "{sha256}" stand where the translation puts them.
      const sentence = form.dataset.textDownloaded || "Downloaded {name} (SHA-256 {sha256}).";
      status.textContent = sentence
        .replace("{name}", name)
        .replace("{sha256}", response.headers.get("X-Content-SHA256") || "—");
    }
  } catch (error) {
    if (status) {
      status.textContent =
        form.dataset.textFailed || "The download failed. Check the connection and try again.";
    }
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
});

function fileName(disposition) {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : "briefing";
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
