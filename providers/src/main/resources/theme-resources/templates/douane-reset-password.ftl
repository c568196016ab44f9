<#import "template.ftl" as layout>
<#--
  Plain version of the page behind the emailed link of the douane reset flow, for login themes
  other than douane. See douane-reset-request.ftl.
  Contract with ResetPasswordAuthenticator: fields username (the identifiant or email, typed again,
  never prefilled from the account), password-new, password-confirm; field errors on username,
  password-new or password (the field Keycloak's policies name), password-confirm; attribute
  typedIdentifier = what was typed before a refusal (escaped here, as everywhere).
-->
<#assign douaneFieldError = messagesPerField.existsError('username','password-new','password','password-confirm')>
<#assign douaneTyped = (typedIdentifier?? && typedIdentifier?is_string)?then(typedIdentifier, '')>
<@layout.registrationLayout displayMessage=!douaneFieldError displayRequiredFields=true; section>
    <#if section = "header">
        ${msg("douaneResetPasswordTitle")}
    <#elseif section = "form">
        <form id="douane-reset-password-form" class="${properties.kcFormClass!}" method="post" action="${url.loginAction}">
            <@field name="username" label=msg("douaneResetPasswordUsernameLabel") type="text" value=douaneTyped autocomplete="username" />
            <@field name="password-new" label=msg("douaneResetPasswordNewLabel") type="password" autocomplete="new-password"
                otherErrorField="password" describedBy="douane-password-rules-box" />
            <@field name="password-confirm" label=msg("douaneResetPasswordConfirmLabel") type="password" autocomplete="new-password" />

            <div class="${properties.kcFormGroupClass!}" id="douane-password-rules-box">
                <p><strong id="douane-password-rules-title">${msg("douanePasswordRulesTitle")}</strong></p>
                <p id="douane-password-rules-text">${msg("douanePasswordRulesText")}</p>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" id="douane-reset-password-submit">${msg("douaneResetPasswordSubmit")}</button>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>

<#-- One labelled field; its error (under "name", or "otherErrorField") is tied to it by aria-describedby. -->
<#macro field name label type autocomplete value="" otherErrorField=name describedBy="">
    <#local hasError = messagesPerField.existsError(name, otherErrorField)>
    <#local described = describedBy + (hasError && describedBy?has_content)?then(" ", "") + hasError?then(name + "-error", "")>
    <div class="${properties.kcFormGroupClass!}">
        <label class="${properties.kcLabelClass!}" for="${name}">${label}</label>
        <span class="${properties.kcInputClass!}<#if hasError> ${properties.kcError!}</#if>">
            <input type="${type}" id="${name}" name="${name}" value="${value}" autocomplete="${autocomplete}" required aria-required="true"<#if hasError> aria-invalid="true"</#if><#if described?has_content> aria-describedby="${described}"</#if>>
        </span>
        <#if hasError>
            <span id="${name}-error" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">${messagesPerField.getFirstError(name, otherErrorField)}</span>
        </#if>
    </div>
</#macro>
