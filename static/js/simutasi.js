// Simutasi's only script (the Content-Security-Policy allows no inline script): a select marked
// data-autosubmit sends its form when changed.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
