// keycloak.v3's header, on narrow screens, gathers its links under a menu button that has no
// accessible name (screen readers announce only "button"). Name it in the page's language.
const LABELS = { fr: "Menu du compte", en: "Account menu" };
const label = LABELS[document.documentElement.lang] || LABELS.fr;

function nameMenuButtons() {
  for (const button of document.querySelectorAll('[data-testid="options-kebab-toggle"]:not([aria-label])')) {
    button.setAttribute("aria-label", label);
  }
}

// The console is a single-page application: its header is (re)rendered after this script runs.
new MutationObserver(nameMenuButtons).observe(document.documentElement, { childList: true, subtree: true });
nameMenuButtons();
