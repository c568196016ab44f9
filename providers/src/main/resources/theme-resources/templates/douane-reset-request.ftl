<#import "template.ftl" as layout>
<#--
  Plain version of the forgot-password page of the douane reset flow, for realms whose login theme
  is not douane (keycloak.v2, base, or a theme of the realm's own). A theme that has a template of
  this name (the douane theme does) is used instead: Keycloak looks in the theme and its parents
  before the providers' theme-resources. Only the parameters every Keycloak layout accepts and the
  theme's kc* classes are used, so the page takes the look of whatever theme renders it.
  Contract with ResetRequestAuthenticator: form fields douane-reset-mode (username | email) and
  identifier; attributes resetMode and identifier (what was typed, escaped on output).
-->
<#assign douaneMode = ((resetMode!"email") == "username")?then("username", "email")>
<#assign douaneIdError = messagesPerField.existsError('identifier')>
<@layout.registrationLayout displayMessage=!douaneIdError; section>
    <#if section = "header">
        ${msg("douaneResetRequestTitle")}
    <#elseif section = "form">
        <form id="douane-reset-request-form" class="${properties.kcFormClass!}" method="post" action="${url.loginAction}">
            <fieldset class="${properties.kcFormGroupClass!}" id="douane-reset-mode">
                <legend class="${properties.kcLabelClass!}">${msg("douaneResetModeLegend")}</legend>
                <div class="${properties.kcRadioClass!}">
                    <input class="${properties.kcRadioInputClass!}" type="radio" id="douane-reset-mode-username" name="douane-reset-mode" value="username"<#if douaneMode == "username"> checked</#if>>
                    <label class="${properties.kcRadioLabelClass!}" for="douane-reset-mode-username">${msg("douaneResetModeUsername")}</label>
                </div>
                <div class="${properties.kcRadioClass!}">
                    <input class="${properties.kcRadioInputClass!}" type="radio" id="douane-reset-mode-email" name="douane-reset-mode" value="email"<#if douaneMode == "email"> checked</#if>>
                    <label class="${properties.kcRadioLabelClass!}" for="douane-reset-mode-email">${msg("douaneResetModeEmail")}</label>
                </div>
            </fieldset>

            <div class="${properties.kcFormGroupClass!}">
                <label class="${properties.kcLabelClass!}" for="identifier">${msg("douaneResetIdentifierEitherLabel")}</label>
                <span class="${properties.kcInputClass!}<#if douaneIdError> ${properties.kcError!}</#if>">
                    <input type="text" id="identifier" name="identifier" value="${identifier!''}" maxlength="320"
                           required aria-required="true" autocomplete="username" spellcheck="false" autocapitalize="off"
                           <#if douaneIdError>aria-invalid="true" aria-describedby="identifier-error"</#if>>
                </span>
                <#if douaneIdError>
                    <span id="identifier-error" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">${messagesPerField.get('identifier')}</span>
                </#if>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" id="douane-reset-submit">${msg("douaneResetSubmit")}</button>
                    <a class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" id="douane-back-to-login" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
