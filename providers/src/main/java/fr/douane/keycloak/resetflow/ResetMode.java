package fr.douane.keycloak.resetflow;

/**
 * The radio choice of the forgot-password page. The user says which one they type: the flow never
 * guesses from an "@", because a Portailpro identifiant is itself an address.
 */
public enum ResetMode {
    USERNAME("username"),
    EMAIL("email");

    public static final String FORM_FIELD = "douane-reset-mode";

    private final String formValue;

    ResetMode(String formValue) {
        this.formValue = formValue;
    }

    public String formValue() {
        return formValue;
    }

    /** Unknown or missing values are {@code null}: the page says so instead of guessing. */
    public static ResetMode fromForm(String value) {
        if (value == null) {
            return null;
        }
        for (ResetMode mode : values()) {
            if (mode.formValue.equals(value.trim())) {
                return mode;
            }
        }
        return null;
    }
}
