// Live checklist of the password rules on the douane reset page.
// Reads the rules from <script type="application/json" id="douane-password-rules"> (written by the
// theme from the pack's policy: each rule with its sentence in the page's language) and the page's own
// texts from data-* attributes of #douane-password-checklist. The server still checks everything: this
// only helps while typing.
(function () {
  "use strict";
  var source = document.getElementById("douane-password-rules");
  var box = document.getElementById("douane-password-checklist");
  var input = document.getElementById("password-new");
  var confirm = document.getElementById("password-confirm");
  if (!source || !box || !input) {
    return;
  }
  var rules;
  try {
    rules = JSON.parse(source.textContent);
  } catch (e) {
    return;
  }
  if (!rules || typeof rules !== "object") {
    return;
  }

  function positive(value) {
    var n = Number(value);
    return isFinite(n) && n > 0 ? Math.floor(n) : 0;
  }

  function count(password, test) {
    var n = 0;
    Array.from(password).forEach(function (c) {
      if (test(c)) {
        n++;
      }
    });
    return n;
  }

  function longestRun(password) {
    var longest = 0;
    var run = 0;
    var previous = null;
    Array.from(password).forEach(function (c) {
      run = c === previous ? run + 1 : 1;
      previous = c;
      longest = Math.max(longest, run);
    });
    return longest;
  }

  function classTest(pattern, fallback) {
    try {
      var re = new RegExp("^" + pattern + "$", "u");
      return function (c) { return re.test(c); };
    } catch (e) {
      return fallback;
    }
  }

  var isLower = classTest(rules.lowerPattern || "\\p{Ll}", function (c) { return c >= "a" && c <= "z"; });
  var isUpper = classTest(rules.upperPattern || "\\p{Lu}", function (c) { return c >= "A" && c <= "Z"; });
  var isDigit = classTest(rules.digitPattern || "\\p{Nd}", function (c) { return c >= "0" && c <= "9"; });
  // Invisible characters are refused by the server and do not count towards the minimum length.
  var isInvisible = classTest(rules.invisiblePattern || "[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]",
    function (c) { return c < " "; });
  var specials = typeof rules.specialChars === "string" ? rules.specialChars : "";
  function isSpecial(c) { return specials.indexOf(c) >= 0; }

  // One test per rule id of the policy's catalogue; n is the rule's first parameter.
  var tests = {
    minLength: function (p, n) { return Array.from(p).length - count(p, isInvisible) >= n; },
    maxLength: function (p, n) { return Array.from(p).length <= n; },
    lower: function (p, n) { return count(p, isLower) >= n; },
    upper: function (p, n) { return count(p, isUpper) >= n; },
    digit: function (p, n) { return count(p, isDigit) >= n; },
    special: function (p, n) { return specials !== "" && count(p, isSpecial) >= n; },
    repeat: function (p, n) { return longestRun(p) <= n; }
  };

  // The rules the server sends, in its order, each with its sentence in the page's language. Rules only the
  // server can check (common passwords, username, email...) are in the box's text and in the error.
  var checks = [];
  (Array.isArray(rules.rules) ? rules.rules : []).forEach(function (rule) {
    var test = rule && tests[rule.id];
    var n = rule && Array.isArray(rule.params) ? positive(rule.params[0]) : 0;
    if (!test || rule.serverOnly || !n || typeof rule.label !== "string" || !rule.label) {
      return;
    }
    checks.push({ label: rule.label, ok: function (p) { return test(p, n); } });
  });
  if (confirm) {
    checks.push({ label: box.getAttribute("data-rule-match") || "",
      ok: function (p) { return p.length > 0 && p === confirm.value; } });
  }
  if (!checks.length) {
    return;
  }

  var title = document.createElement("p");
  title.className = "fr-text--sm fr-mb-1w";
  title.id = "douane-password-checklist-title";
  title.textContent = box.getAttribute("data-title") || "";
  var list = document.createElement("ul");
  list.className = "douane-checklist";
  list.setAttribute("aria-labelledby", title.id);
  var items = checks.map(function (check) {
    var li = document.createElement("li");
    li.className = "fr-message";
    var state = document.createElement("span");
    state.className = "fr-sr-only";
    var label = document.createElement("span");
    label.textContent = check.label;
    li.appendChild(state);
    li.appendChild(label);
    list.appendChild(li);
    return { check: check, li: li, state: state, last: null };
  });
  box.appendChild(title);
  box.appendChild(list);

  function update() {
    // Like the server: the password as typed (never normalized), counted in code points, each classified by
    // its own Unicode category.
    var p = input.value || "";
    items.forEach(function (item) {
      var ok = item.check.ok(p);
      if (ok === item.last) {
        return;
      }
      item.last = ok;
      item.li.className = "fr-message " + (ok ? "fr-message--valid" : "fr-message--info");
      item.state.textContent = (ok ? box.getAttribute("data-state-ok") : box.getAttribute("data-state-ko")) + " ";
    });
  }
  input.addEventListener("input", update);
  if (confirm) {
    confirm.addEventListener("input", update);
  }
  update();
})();
