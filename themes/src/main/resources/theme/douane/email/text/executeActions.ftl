<#ftl output_format="plainText">
<#import "douane-common.ftl" as c>
<#assign douaneActions><#if requiredActions??><#list requiredActions as a>${msg("requiredAction.${a}")}<#sep>, </#list></#if></#assign>
<@c.header/>
${c.greeting()}

${msg("douaneMailActionsText", properties.douaneSiteName!"")}
<#if douaneActions?has_content>${douaneActions}
</#if>

${link}

${msg("douaneMailLinkValidity", c.validity(linkExpiration))}

${msg("douaneMailNotYou")}

<@c.closing/>
