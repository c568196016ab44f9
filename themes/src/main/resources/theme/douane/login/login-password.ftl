<#import "template.ftl" as layout>
<#-- Password step of an "identifier first" flow (Keycloak's Password Form). -->
<#assign douanePwError = messagesPerField.existsError('password')>
<@layout.registrationLayout displayMessage=!douanePwError breadcrumb=msg("douaneBreadcrumbLogin") errorFields=[["password", "password"]]; section>
    <#if section = "header">
        ${msg("douaneLoginTitle")}
    <#elseif section = "form">
        <form id="kc-form-login" class="douane-form" action="${url.loginAction}" method="post" novalidate>
            <@layout.douanePassword name="password" label=msg("douaneLoginPasswordLabel") autocomplete="current-password" autofocus=true>
                <#if realm.resetPasswordAllowed>
                    <p class="fr-mt-2w"><a id="douane-forgot-password" class="fr-link" href="${url.loginResetCredentialsUrl}">${msg("douaneForgotPasswordLink")}</a></p>
                </#if>
            </@layout.douanePassword>
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <li><button class="fr-btn" type="submit" name="login" id="kc-login">${msg("douaneLoginSubmit")}</button></li>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
