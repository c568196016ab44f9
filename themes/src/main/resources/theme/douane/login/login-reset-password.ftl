<#import "template.ftl" as layout>
<#--
  Keycloak's stock "forgot password" page (used only if an admin binds the stock reset flow).
  Field name "username" is Keycloak's.
-->
<#assign douaneIdError = messagesPerField.existsError('username')>
<@layout.registrationLayout displayMessage=!douaneIdError breadcrumb=msg("douaneResetRequestTitle") showUsername=false errorFields=[["username", "username"]]; section>
    <#if section = "header">
        ${msg("douaneResetRequestTitle")}
    <#elseif section = "form">
        <form id="kc-reset-password-form" class="douane-form" action="${url.loginAction}" method="post" novalidate>
            <#if !realm.loginWithEmailAllowed>
                <#assign douaneIdLabel = msg("douaneResetIdentifierUsernameLabel")>
            <#elseif !realm.registrationEmailAsUsername>
                <#assign douaneIdLabel = msg("douaneResetIdentifierEitherLabel")>
            <#else>
                <#assign douaneIdLabel = msg("douaneResetIdentifierEmailLabel")>
            </#if>
            <@layout.douaneInput name="username" label=douaneIdLabel value=((auth.attemptedUsername)!'') autocomplete="username" autofocus=true />
            <p class="fr-text--sm" id="douane-reset-instruction"><#if realm.duplicateEmailsAllowed>${msg("douaneStockResetInstructionUsername")}<#else>${msg("douaneStockResetInstruction")}</#if></p>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--right fr-btns-group--icon-left douane-actions">
                <li><a class="fr-btn fr-btn--tertiary fr-icon-arrow-left-line" id="douane-back-to-login" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a></li>
                <li><button class="fr-btn" type="submit" id="kc-reset-submit">${msg("douaneResetSubmit")}</button></li>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
