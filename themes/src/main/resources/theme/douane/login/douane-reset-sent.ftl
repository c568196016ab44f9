<#import "template.ftl" as layout>
<#-- Step 3: the same page whether or not an account matched (enumeration-safe). -->
<@layout.registrationLayout breadcrumb=msg("douaneResetSentTitle") titleId="douane-reset-sent-title" showUsername=false; section>
    <#if section = "header">
        ${msg("douaneResetSentTitle")}
    <#elseif section = "form">
        <div id="douane-reset-sent">
            <p id="douane-reset-sent-text1">${msg("douaneResetSentText1")}</p>
            <p id="douane-reset-sent-text2">${msg("douaneResetSentText2")}</p>
            <div class="fr-callout fr-mb-4w" id="douane-reset-sent-hint">
                <p class="fr-callout__text fr-text--md">${msg("douaneResetSentHint")}</p>
            </div>
            <p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" id="douane-back-to-login" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a></p>
        </div>
    </#if>
</@layout.registrationLayout>
