// A searchable country picker: progressive enhancement of <select multiple data-searchable>.
// Without this file the plain multi-select works (Ctrl or ⌘ to choose several). With it, the
// select is hidden but still submitted; a search box filters a list of checkboxes that keep the
// select's options in step, and the chosen countries show as removable chips.
(() => {
  "use strict";

  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();

  let counter = 0;

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function enhance(select) {
    counter += 1;
    const id = `picker-${counter}`;
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name = label ? label.textContent.trim() : "Countries";
    const picker = element("div", { class: "picker" });
    const chosen = element("ul", { class: "picker-chosen", "aria-label": `Chosen ${name.toLowerCase()}` });
    const search = element("input", {
      type: "search",
      id: `${id}-search`,
      class: "picker-search",
      placeholder: "Search by name or code",
      autocomplete: "off",
      "aria-controls": `${id}-options`,
    });
    const status = element("p", { class: "picker-status", role: "status", "aria-live": "polite" });
    const options = element("div", { class: "picker-options", id: `${id}-options`, role: "group", "aria-label": name });
    const describedBy = select.getAttribute("aria-describedby");
    if (describedBy) search.setAttribute("aria-describedby", describedBy);

    const rows = Array.from(select.options).map((option, index) => {
      const row = element("label", { class: "picker-option" });
      const box = element("input", { type: "checkbox", id: `${id}-${index}` });
      box.checked = option.selected;
      box.addEventListener("change", () => {
        option.selected = box.checked;
        render();
      });
      row.append(box, document.createTextNode(` ${option.textContent}`));
      options.append(row);
      return { option, box, row, key: fold(option.textContent) };
    });

    function render() {
      chosen.replaceChildren();
      for (const { option, box } of rows.filter((r) => r.option.selected)) {
        const chip = element("li", { class: "picker-chip" });
        const remove = element("button", { type: "button", "aria-label": `Remove ${option.textContent}` }, "×");
        remove.addEventListener("click", () => {
          option.selected = false;
          box.checked = false;
          render();
          search.focus();
        });
        chip.append(document.createTextNode(option.textContent), remove);
        chosen.append(chip);
      }
    }

    search.addEventListener("input", () => {
      const query = fold(search.value.trim());
      let shown = 0;
      for (const row of rows) {
        row.row.hidden = Boolean(query) && !row.key.includes(query);
        if (!row.row.hidden) shown += 1;
      }
      status.textContent = query ? `${shown} ${shown === 1 ? "country matches" : "countries match"}` : "";
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // searching must not submit the form
    });

    if (label) label.htmlFor = search.id;
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    picker.append(chosen, search, status, options);
    select.after(picker);
    render();
  }

  document.querySelectorAll("select[multiple][data-searchable]").forEach(enhance);
})();
