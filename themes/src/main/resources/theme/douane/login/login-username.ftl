<#import "template.ftl" as layout>
<#-- First step of an "identifier first" flow (Keycloak's Username Form): the douane wording, no password. -->
<#assign douaneIdError = messagesPerField.existsError('username')>
<@layout.registrationLayout displayMessage=!douaneIdError breadcrumb=msg("douaneBreadcrumbLogin") errorFields=[["username", "username"]]; section>
    <#if section = "header">
        ${msg("douaneLoginTitle")}
    <#elseif section = "form">
        <#if realm.password>
            <form id="kc-form-login" class="douane-form" action="${url.loginAction}" method="post" novalidate>
                <#if !usernameHidden??>
                    <@layout.douaneInput name="username" label=msg("douaneLoginUsernameLabel") value=((login.username)!'') autocomplete="username" autofocus=true />
                </#if>
                <#if realm.rememberMe && !usernameHidden??>
                    <div class="fr-checkbox-group fr-checkbox-group--sm fr-mb-3w">
                        <input id="rememberMe" name="rememberMe" type="checkbox"<#if login.rememberMe??> checked</#if>>
                        <label class="fr-label" for="rememberMe">${msg("rememberMe")}</label>
                    </div>
                </#if>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><button class="fr-btn" type="submit" name="login" id="kc-login">${msg("douaneLoginSubmit")}</button></li>
                </ul>
            </form>
            <#if realm.resetPasswordAllowed>
                <p class="fr-mt-2w"><a id="douane-forgot-password" class="fr-link" href="${url.loginResetCredentialsUrl}">${msg("douaneForgotPasswordLink")}</a></p>
            </#if>
        </#if>
    <#elseif section = "socialProviders">
        <#if realm.password && social?? && social.providers?has_content>
            <section id="kc-social-providers" class="fr-mt-4w" aria-labelledby="douane-social-title">
                <h2 id="douane-social-title" class="fr-h6">${msg("identity-provider-login-label")}</h2>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <#list social.providers as p>
                        <li><a id="social-${p.alias}" class="fr-btn fr-btn--secondary" href="${p.loginUrl}">${p.displayName!}</a></li>
                    </#list>
                </ul>
            </section>
        </#if>
    </#if>
</@layout.registrationLayout>
