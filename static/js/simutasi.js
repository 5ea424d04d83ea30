// Simutasi's only script (the Content-Security-Policy allows no inline script): a select marked
// data-autosubmit sends its form when changed.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});

// Long pages fold their secondary sections on a phone (issue 18 point 9). A section's body sits in
// <details class="fold" open>: open as served, so a desktop, a browser without this script and the
// printout show everything. On a narrow screen the folds start closed, except the one the address points
// into (#per-jabatan) and the ones the reader opened on this page before (kept for the tab's session, so
// paging inside a fold or acting on a row keeps it open). Printing opens every fold for the printout.
(function () {
  var folds = Array.prototype.slice.call(document.querySelectorAll("details.fold[id]"));
  if (!folds.length) {
    return;
  }
  var key = "simutasi.folds:" + location.pathname;
  var kept = [];
  try {
    kept = JSON.parse(window.sessionStorage.getItem(key) || "[]");
  } catch (e) {
    kept = [];
  }
  function pointedAt(fold) {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    return Boolean(target && (fold.contains(target) || target.contains(fold)));
  }
  if (window.matchMedia("(max-width: 700px)").matches) {
    folds.forEach(function (fold) {
      if (!pointedAt(fold) && kept.indexOf(fold.id) < 0) {
        fold.open = false;
      }
    });
  }
  window.addEventListener("hashchange", function () {
    folds.forEach(function (fold) {
      if (pointedAt(fold)) {
        fold.open = true;
      }
    });
  });
  function remember() {
    try {
      var open = folds.filter(function (f) { return f.open; }).map(function (f) { return f.id; });
      window.sessionStorage.setItem(key, JSON.stringify(open));
    } catch (e) {
      // Storage refused (private mode): the folds simply start closed next time.
    }
  }
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = folds.filter(function (f) { return !f.open; });
    closedForPrint.forEach(function (f) { f.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (f) { f.open = false; });
    closedForPrint = [];
  });
  folds.forEach(function (fold) {
    fold.addEventListener("toggle", function () {
      if (!closedForPrint.length) {
        remember();
      }
    });
  });
})();
