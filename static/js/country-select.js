// A searchable country picker: progressive enhancement of <select multiple data-searchable>.
// Without this file the plain multi-select works (Ctrl or ⌘ to choose several). With it, the
// select is hidden but still submitted; a search box filters a multi-select listbox that keeps
// the select's options in step, and the chosen countries show as removable chips.
// The listbox is one tab stop (WAI-ARIA listbox pattern, focus kept on the list with
// aria-activedescendant): ↑/↓ move, Home/End jump, Space or Enter chooses or un-chooses, and
// ↓ in the search box goes to the list. A click chooses too.
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

  // The page gives the words in the reader's language (data-text-*); English if it does not.
  function words(select) {
    const text = select.dataset;
    return {
      search: text.textSearch || "Search by name or code",
      chosen: text.textChosen || "Chosen: {label}",
      remove: text.textRemove || "Remove {name}",
      matches: text.textMatches || "Matches: {count}",
    };
  }

  const fill = (sentence, values) =>
    sentence.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));

  function enhance(select) {
    counter += 1;
    const say = words(select);
    const id = `picker-${counter}`;
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name = label ? label.textContent.trim() : select.name;
    const picker = element("div", { class: "picker" });
    const chosen = element("ul", { class: "picker-chosen", "aria-label": fill(say.chosen, { label: name }) });
    const search = element("input", {
      type: "search",
      id: `${id}-search`,
      class: "picker-search",
      placeholder: say.search,
      autocomplete: "off",
      "aria-controls": `${id}-options`,
    });
    const status = element("p", { class: "picker-status", role: "status", "aria-live": "polite" });
    const options = element("ul", {
      class: "picker-options",
      id: `${id}-options`,
      role: "listbox",
      "aria-multiselectable": "true",
      "aria-label": name,
      tabindex: "0",
    });
    const describedBy = select.getAttribute("aria-describedby");
    if (describedBy) search.setAttribute("aria-describedby", describedBy);

    const rows = Array.from(select.options).map((option, index) => {
      const row = element("li", { class: "picker-option", role: "option", id: `${id}-${index}` }, option.textContent);
      row.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
      row.addEventListener("click", () => {
        activate(row);
        toggle(option);
        options.focus();
      });
      options.append(row);
      return { option, row, key: fold(option.textContent) };
    });
    let active = null;

    function visible() {
      return rows.filter((r) => !r.row.hidden);
    }

    function activate(row) {
      if (active) active.classList.remove("is-active");
      active = row;
      if (!row) {
        options.removeAttribute("aria-activedescendant");
        return;
      }
      row.classList.add("is-active");
      options.setAttribute("aria-activedescendant", row.id);
      row.scrollIntoView({ block: "nearest" });
    }

    function toggle(option) {
      option.selected = !option.selected;
      render();
    }

    function move(step, to) {
      const shown = visible();
      if (!shown.length) return;
      let index = shown.findIndex((r) => r.row === active);
      if (to === "first") index = 0;
      else if (to === "last") index = shown.length - 1;
      else index = index < 0 ? 0 : Math.min(Math.max(index + step, 0), shown.length - 1);
      activate(shown[index].row);
    }

    options.addEventListener("focus", () => {
      if (!active || active.hidden) move(0, "first");
    });
    options.addEventListener("keydown", (event) => {
      const keys = { ArrowDown: [1], ArrowUp: [-1], Home: [0, "first"], End: [0, "last"],
                     PageDown: [10], PageUp: [-10] };
      if (keys[event.key]) {
        event.preventDefault();
        move(...keys[event.key]);
      } else if ((event.key === " " || event.key === "Enter") && active) {
        event.preventDefault(); // Enter must not submit the form
        toggle(rows.find((r) => r.row === active).option);
      }
    });

    function render() {
      chosen.replaceChildren();
      for (const { option, row } of rows) row.setAttribute("aria-selected", String(option.selected));
      for (const { option } of rows.filter((r) => r.option.selected)) {
        const chip = element("li", { class: "picker-chip" });
        const remove = element("button", { type: "button", "aria-label": fill(say.remove, { name: option.textContent }) }, "×");
        remove.addEventListener("click", () => {
          option.selected = false;
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
      status.textContent = query ? fill(say.matches, { count: shown }) : "";
      activate(null);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // searching must not submit the form
      if (event.key === "ArrowDown") {
        event.preventDefault();
        options.focus();
      }
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
