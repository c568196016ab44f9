<#import "template.ftl" as layout>
<#--
  Step 5: the page behind the emailed link. The identifiant is typed again (never prefilled from
  the account: the authenticator checks it against the link). Errors: username, password-new
  (or "password", the field Keycloak's policies use), password-confirm.
  Optional attribute passwordRulesJson (the policy's rules, each with its sentence in the page's
  language) feeds js/password-rules.js; the rule box is plain text, so the page is complete without
  JavaScript.
-->
<#assign douaneFieldError = messagesPerField.existsError('username','password-new','password','password-confirm')>
<@layout.registrationLayout displayMessage=!douaneFieldError displayRequiredFields=true breadcrumb=msg("douaneResetPasswordTitle") showUsername=false
    errorFields=[["username", "username"], ["password-new", "password-new", "password"], ["password-confirm", "password-confirm"]]; section>
    <#if section = "header">
        ${msg("douaneResetPasswordTitle")}
    <#elseif section = "form">
        <form id="douane-reset-password-form" class="douane-form" method="post" action="${url.loginAction}" novalidate>
            <@layout.douaneInput name="username" label=msg("douaneResetPasswordUsernameLabel") placeholder=msg("douaneResetIdentifierEmailPlaceholder")
                value=((login.username)!'') autocomplete="username" autofocus=true />

            <@layout.douanePassword name="password-new" label=msg("douaneResetPasswordNewLabel") autocomplete="new-password"
                errorFields=['password-new', 'password'] describedBy="douane-password-rules-box" />

            <@layout.douanePassword name="password-confirm" label=msg("douaneResetPasswordConfirmLabel") autocomplete="new-password" />

            <div class="fr-callout fr-icon-check-line fr-mb-4w" id="douane-password-rules-box">
                <h2 class="fr-callout__title fr-h6" id="douane-password-rules-title">${msg("douanePasswordRulesTitle")}</h2>
                <p class="fr-callout__text fr-text--md" id="douane-password-rules-text">${msg("douanePasswordRulesText")}</p>
                <div id="douane-password-checklist" class="fr-messages-group fr-mt-2w" aria-live="polite"
                     data-title="${msg("douanePasswordChecklistTitle")}"
                     data-rule-match="${msg("douanePasswordRuleMatch")}"
                     data-state-ok="${msg("douanePasswordRuleStateOk")}"
                     data-state-ko="${msg("douanePasswordRuleStateKo")}"></div>
            </div>

            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--right douane-actions">
                <li><button class="fr-btn" type="submit" id="douane-reset-password-submit">${msg("douaneResetPasswordSubmit")}</button></li>
            </ul>
        </form>
        <#if passwordRulesJson?? && passwordRulesJson?is_string && passwordRulesJson?has_content>
            <#-- JSON inside HTML: "<", ">" and "&" become JSON escapes, so the text can never close the
                 script element nor be read as markup. The JSON comes from the pack's policy, not the user. -->
            <script type="application/json" id="douane-password-rules">${passwordRulesJson?replace("<", "\\u003c")?replace(">", "\\u003e")?replace("&", "\\u0026")?no_esc}</script>
            <script src="${url.resourcesPath}/js/password-rules.js" defer></script>
        </#if>
    </#if>
</@layout.registrationLayout>
