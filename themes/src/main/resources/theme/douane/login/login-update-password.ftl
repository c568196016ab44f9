<#import "template.ftl" as layout>
<#--
  Keycloak's "update password" required action (also the last step of Keycloak's stock reset flow).
  Fields and names are Keycloak's: password-new, password-confirm, logout-sessions.
-->
<#assign douaneFieldError = messagesPerField.existsError('password','password-new','password-confirm')>
<@layout.registrationLayout displayMessage=!douaneFieldError displayRequiredFields=true
    errorFields=[["password-new", "password", "password-new"], ["password-confirm", "password-confirm"]]; section>
    <#if section = "header">
        ${msg("douaneUpdatePasswordTitle")}
    <#elseif section = "form">
        <form id="kc-passwd-update-form" class="douane-form" action="${url.loginAction}" method="post" novalidate>
            <@layout.douanePassword name="password-new" label=msg("douaneResetPasswordNewLabel") autocomplete="new-password"
                errorFields=['password', 'password-new'] autofocus=true describedBy="douane-password-rules-box" />

            <@layout.douanePassword name="password-confirm" label=msg("douaneResetPasswordConfirmLabel") autocomplete="new-password" />

            <div class="fr-callout fr-icon-check-line fr-mb-4w" id="douane-password-rules-box">
                <h2 class="fr-callout__title fr-h6">${msg("douanePasswordRulesTitle")}</h2>
                <p class="fr-callout__text fr-text--md">${msg("douanePasswordRulesText")}</p>
            </div>

            <div class="fr-checkbox-group fr-checkbox-group--sm fr-mb-3w">
                <input type="checkbox" id="logout-sessions" name="logout-sessions" value="on" checked>
                <label class="fr-label" for="logout-sessions">${msg("logoutOtherSessions")}</label>
            </div>

            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--right douane-actions">
                <#if isAppInitiatedAction??>
                    <li><button class="fr-btn fr-btn--secondary" type="submit" name="cancel-aia" value="true" id="kc-cancel">${msg("doCancel")}</button></li>
                </#if>
                <li><button class="fr-btn" type="submit" name="login" id="kc-submit" value="${msg("doSubmit")}">${msg("douaneUpdatePasswordSubmit")}</button></li>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
