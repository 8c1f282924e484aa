// Recommendation form: "Add a disputed passage" adds a row of wordings, one per side.
// Without this file the form still offers one empty row each time it is shown.
(() => {
  const button = document.querySelector(".rec-add-passage");
  const list = document.querySelector(".rec-passages");
  if (!button || !list) {
    return;
  }
  const rename = (row, from, to) => {
    const pattern = new RegExp(`^alternative_${from}_`);
    row.dataset.passage = String(to);
    row.querySelector(".rec-passage-number").textContent = `[${to}]`;
    row.querySelectorAll("textarea").forEach((area) => {
      area.name = area.name.replace(pattern, `alternative_${to}_`);
      area.id = area.name;
      area.value = "";
    });
    row.querySelectorAll("label").forEach((label) => {
      label.htmlFor = label.htmlFor.replace(pattern, `alternative_${to}_`);
      label.textContent = label.textContent.replace(/^\[\d+\]/, `[${to}]`);
    });
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    const rows = list.querySelectorAll(".rec-passage");
    const last = rows[rows.length - 1];
    const number = Number(last.dataset.passage);
    if (rows.length >= 50) {
      return;
    }
    const row = last.cloneNode(true);
    rename(row, number, number + 1);
    list.appendChild(row);
    row.querySelector("textarea").focus();
  });
})();
