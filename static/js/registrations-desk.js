// The registration desk: a "select all on this page" box. Without this file every row can
// still be ticked one by one.
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll(".desk-table")) {
    const all = table.querySelector(".select-all");
    const boxes = table.querySelectorAll('tbody input[name="registration_ids"]');
    if (!all || boxes.length === 0) continue;
    all.hidden = false;
    all.addEventListener("change", () => {
      for (const box of boxes) box.checked = all.checked;
    });
    table.addEventListener("change", (event) => {
      if (event.target === all) return;
      const ticked = [...boxes].filter((box) => box.checked).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
});
