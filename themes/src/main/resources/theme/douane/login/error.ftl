<#import "template.ftl" as layout>
<#--
  Error page. When the error is a dead reset link (expired, invalid or already used), offer a new
  one: the forgot-password page when the realm allows it, else the realm's login page.
  The authenticators may also set douaneOfferNewLink=true explicitly.
  Status 413: a form field over the server's limit (a pasted megabyte in a password field). Keycloak
  would say "internal server error"; the request never reached the flow, so nothing changed and the
  previous page can be submitted again.
-->
<#assign douaneSummary = (message.summary)!"">
<#if (statusCode!0) == 413>
    <#assign douaneSummary = msg("douaneErrorTooLarge")>
</#if>
<#assign douaneLinkErrors = [msg("douaneResetLinkExpired"), msg("douaneResetLinkInvalid"), msg("douaneResetLinkUsed"),
    msg("expiredActionMessage"), msg("expiredActionTokenNoSessionMessage"), msg("expiredActionTokenSessionExistsMessage"),
    msg("expiredCodeMessage"), msg("invalidCodeMessage")]>
<#assign douaneOfferLink = (douaneOfferNewLink!false) == true || douaneLinkErrors?seq_contains(douaneSummary)>
<@layout.registrationLayout displayMessage=false showUsername=false breadcrumb=msg("douaneErrorTitle"); section>
    <#if section = "header">
        ${msg("douaneErrorTitle")}
    <#elseif section = "form">
        <div id="kc-error-message">
            <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
                <p class="instruction" id="douane-error-text">${douaneSummary}</p>
            </div>
            <#if traceId??>
                <p class="fr-text--sm" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
            </#if>
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <#if douaneOfferLink>
                    <#if url?? && realm?? && realm.resetPasswordAllowed>
                        <li><a class="fr-btn" id="douane-new-link" href="${url.loginResetCredentialsUrl}">${msg("douaneAskNewLink")}</a></li>
                    <#elseif url??>
                        <li><a class="fr-btn" id="douane-new-link" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a></li>
                    </#if>
                </#if>
                <#if !skipLink?? && client?? && client.baseUrl?has_content>
                    <li><a class="fr-btn fr-btn--secondary" id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></li>
                </#if>
            </ul>
        </div>
    </#if>
</@layout.registrationLayout>
