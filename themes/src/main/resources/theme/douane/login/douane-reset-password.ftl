<#import "template.ftl" as layout>
<#--
  Step 5: the page behind the emailed link. The identifiant is typed again (never prefilled from
  the account: the authenticator checks it against the link); after a refusal, typedIdentifier is
  what the person typed, shown again (escaped). Errors: username, password-new
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
                value=(typedIdentifier!((login.username)!'')) autocomplete="username" autofocus=true />

            <@layout.douanePassword name="password-new" label=msg("douaneResetPasswordNewLabel") autocomplete="new-password"
                errorFields=['password-new', 'password'] describedBy="douane-password-rules-box" />

            <@layout.douanePassword name="password-confirm" label=msg("douaneResetPasswordConfirmLabel") autocomplete="new-password" />

            <#-- The rule box: the procedure's sentence when it is true of the realm's policy, then every other rule
                 the server can refuse with (passwordRulesJson), so that a refusal never names a rule not announced here. -->
            <#assign douaneRules = {}>
            <#if passwordRulesJson?? && passwordRulesJson?is_string && passwordRulesJson?has_content>
                <#attempt><#assign douaneRules = passwordRulesJson?eval_json><#recover><#assign douaneRules = {}></#attempt>
            </#if>
            <#assign douaneRuleText = !(douaneRules?is_hash && douaneRules.ruleTextApplies?? && douaneRules.ruleTextApplies?is_boolean && !douaneRules.ruleTextApplies)>
            <#assign douaneOtherRules = []>
            <#if douaneRules?is_hash && douaneRules.rules?? && douaneRules.rules?is_sequence>
                <#list douaneRules.rules as rule>
                    <#if rule?is_hash && rule.label?? && rule.label?is_string && rule.label?has_content && rule.id?? && rule.id?is_string
                            && !(douaneRuleText && rule.inRuleText?? && rule.inRuleText?is_boolean && rule.inRuleText)>
                        <#assign douaneOtherRules = douaneOtherRules + [rule]>
                    </#if>
                </#list>
            </#if>
            <div class="fr-callout fr-mb-4w" id="douane-password-rules-box">
                <h2 class="fr-callout__title fr-h6 douane-rules__title" id="douane-password-rules-title"><span class="fr-icon-check-line douane-rules__check" aria-hidden="true"></span>${msg("douanePasswordRulesTitle")}</h2>
                <#if douaneRuleText>
                    <p class="fr-callout__text fr-text--md" id="douane-password-rules-text" data-rules="minLength lower upper digit special">${msg("douanePasswordRulesText")}</p>
                </#if>
                <#if douaneOtherRules?has_content>
                    <p class="fr-text--md fr-mt-2w fr-mb-1w" id="douane-password-rules-more">${msg(douaneRuleText?then("douanePasswordRulesMoreTitle", "douanePasswordRulesAllTitle"))}</p>
                    <ul class="fr-text--md douane-rules__list" id="douane-password-rules-list" aria-labelledby="douane-password-rules-more">
                        <#list douaneOtherRules as rule>
                            <li data-rule="${rule.id}">${rule.label}</li>
                        </#list>
                    </ul>
                </#if>
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
