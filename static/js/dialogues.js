// Progressive enhancement only: every page works without this file.
// Forms marked data-confirm ask before a destructive action; so does a submit button marked
// data-confirm, in a form whose other buttons need no question.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question =
    (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
