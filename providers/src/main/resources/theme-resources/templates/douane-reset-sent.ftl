<#import "template.ftl" as layout>
<#--
  Plain version of the confirmation page of the douane reset flow (same page whether or not an
  account matched), for login themes other than douane. See douane-reset-request.ftl.
-->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("douaneResetSentTitle")}
    <#elseif section = "form">
        <div id="douane-reset-sent">
            <p id="douane-reset-sent-text1">${msg("douaneResetSentConfirmation")}</p>
            <p id="douane-reset-sent-text2">${msg("douaneResetSentCheckMailbox")}</p>
            <p id="douane-reset-sent-hint">${msg("douaneResetSentHint")}</p>
            <p><a id="douane-back-to-login" href="${url.loginUrl}">${msg("douaneBackToLogin")}</a></p>
        </div>
    </#if>
</@layout.registrationLayout>
