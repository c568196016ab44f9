<#import "template.ftl" as layout>
<#-- Information page (action done, link sent, required actions to perform ...). -->
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#if messageHeader??>${msg(messageHeader)}<#else>${msg("douaneInfoTitle")}</#if>
    <#elseif section = "form">
        <div id="kc-info-message">
            <div class="fr-alert fr-alert--info fr-mb-4w" role="status">
                <p class="instruction">${(message.summary)!""}<#if requiredActions??><#list requiredActions>${msg("douaneListColon")} <strong><#items as reqActionItem>${msg("requiredAction.${reqActionItem}")}<#sep>, </#items></strong></#list></#if></p>
            </div>
            <#if !skipLink??>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <#if pageRedirectUri?has_content>
                        <li><a class="fr-btn" id="douane-info-continue" href="${pageRedirectUri}">${msg("backToApplication")}</a></li>
                    <#elseif actionUri?has_content>
                        <li><a class="fr-btn" id="douane-info-continue" href="${actionUri}">${msg("proceedWithAction")}</a></li>
                    <#elseif client?? && client.baseUrl?has_content>
                        <li><a class="fr-btn" id="douane-info-continue" href="${client.baseUrl}">${msg("backToApplication")}</a></li>
                    </#if>
                </ul>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
