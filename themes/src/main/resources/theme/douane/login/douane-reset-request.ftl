<#import "template.ftl" as layout>
<#--
  Step 2 of the douane procedure: "Vous avez oublié votre mot de passe".
  Attributes: resetMode ("username" | "email", default "email"), identifier (the value typed before).
  Works without JavaScript: both labels are rendered and CSS (:has) shows the one matching the
  checked radio; with older browsers the label of the server-side mode stays. js/reset-mode.js
  only swaps the placeholder and autocomplete hints and keeps the label in sync everywhere.
-->
<#assign douaneMode = ((resetMode!"email") == "username")?then("username", "email")>
<#assign douaneIdError = messagesPerField.existsError('identifier')>
<@layout.registrationLayout displayMessage=!douaneIdError breadcrumb=msg("douaneResetRequestTitle") showUsername=false errorFields=[["identifier", "identifier"]]; section>
    <#if section = "header">
        ${msg("douaneResetRequestTitle")}
    <#elseif section = "form">
        <form id="douane-reset-request-form" class="douane-form douane-mode--${douaneMode}" method="post" action="${url.loginAction}" novalidate>
            <fieldset class="fr-fieldset" id="douane-reset-mode" aria-labelledby="douane-reset-mode-legend">
                <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id="douane-reset-mode-legend">${msg("douaneResetModeLegend")}</legend>
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-radio-group">
                        <input type="radio" id="douane-reset-mode-username" name="douane-reset-mode" value="username"<#if douaneMode == "username"> checked</#if>>
                        <label class="fr-label" for="douane-reset-mode-username">${msg("douaneResetModeUsername")}</label>
                    </div>
                </div>
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-radio-group">
                        <input type="radio" id="douane-reset-mode-email" name="douane-reset-mode" value="email"<#if douaneMode == "email"> checked</#if>>
                        <label class="fr-label" for="douane-reset-mode-email">${msg("douaneResetModeEmail")}</label>
                    </div>
                </div>
            </fieldset>

            <div class="fr-input-group<#if douaneIdError> fr-input-group--error</#if>" id="identifier-group">
                <label class="fr-label" for="identifier" id="identifier-label">
                    <span class="douane-mode-label douane-mode-label--email"<#if douaneMode != "email"> hidden</#if>>${msg("douaneResetIdentifierEmailLabel")}</span>
                    <span class="douane-mode-label douane-mode-label--username"<#if douaneMode != "username"> hidden</#if>>${msg("douaneResetIdentifierUsernameLabel")}</span>
                </label>
                <input class="fr-input<#if douaneIdError> fr-input--error</#if>" type="text" id="identifier" name="identifier"
                       value="${identifier!''}" maxlength="320" required aria-required="true"
                       autocomplete="<#if douaneMode == "email">email<#else>username</#if>"<#if douaneMode == "email"> placeholder="${msg("douaneResetIdentifierEmailPlaceholder")}"</#if>
                       data-placeholder-email="${msg("douaneResetIdentifierEmailPlaceholder")}" data-placeholder-username=""
                       spellcheck="false" autocapitalize="off" dir="ltr"
                       aria-describedby="identifier-messages"<#if douaneIdError> aria-invalid="true"</#if>>
                <div class="fr-messages-group" id="identifier-messages" aria-live="polite">
                    <#if douaneIdError>
                        <p class="fr-message fr-message--error" id="identifier-error" role="alert">${messagesPerField.get('identifier')}</p>
                    </#if>
                </div>
            </div>

            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--right fr-btns-group--icon-left douane-actions">
                <li><a class="fr-btn fr-btn--tertiary fr-icon-arrow-left-line" id="douane-back-to-login" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a></li>
                <li><button class="fr-btn" type="submit" id="douane-reset-submit">${msg("douaneResetSubmit")}</button></li>
            </ul>
        </form>
        <script src="${url.resourcesPath}/js/reset-mode.js" defer></script>
    </#if>
</@layout.registrationLayout>
