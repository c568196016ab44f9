// Reset request page: keeps the identifier field in step with the chosen mode (label, placeholder,
// autocomplete). The page already works without this script (see douane-reset-request.ftl).
(function () {
  "use strict";
  var form = document.getElementById("douane-reset-request-form");
  var input = document.getElementById("identifier");
  if (!form || !input) {
    return;
  }
  var radios = form.querySelectorAll('input[name="douane-reset-mode"]');

  function apply(mode) {
    form.classList.remove("douane-mode--email", "douane-mode--username");
    form.classList.add("douane-mode--" + mode);
    var labels = form.querySelectorAll(".douane-mode-label");
    for (var i = 0; i < labels.length; i++) {
      labels[i].hidden = !labels[i].classList.contains("douane-mode-label--" + mode);
    }
    var placeholder = input.getAttribute("data-placeholder-" + mode) || "";
    if (placeholder) {
      input.setAttribute("placeholder", placeholder);
    } else {
      input.removeAttribute("placeholder");
    }
    input.setAttribute("autocomplete", mode === "email" ? "email" : "username");
    input.setAttribute("inputmode", mode === "email" ? "email" : "text");
  }

  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", function (event) {
      if (event.target.checked) {
        apply(event.target.value === "username" ? "username" : "email");
      }
    });
  }
  var checked = form.querySelector('input[name="douane-reset-mode"]:checked');
  apply(checked && checked.value === "username" ? "username" : "email");
})();
