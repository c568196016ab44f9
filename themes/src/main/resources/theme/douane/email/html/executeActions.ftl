<#import "template.ftl" as layout>
<#-- An administrator asks the user to perform actions (update password ...), in the douane layout. -->
<#assign douaneActions><#if requiredActions??><#list requiredActions as a>${msg("requiredAction.${a}")}<#sep>, </#list></#if></#assign>
<@layout.emailLayout>
<@layout.greeting/>
<@layout.paragraph>${msg("douaneMailActionsText", properties.douaneSiteName!"")}</@layout.paragraph>
<#if douaneActions?has_content><@layout.paragraph><strong>${douaneActions}</strong></@layout.paragraph></#if>
<@layout.button href=link label=msg("douaneMailActionsButton")/>
<p style="font-weight:700">${msg("douaneMailLinkValidity", layout.validity(linkExpiration))}</p>
<@layout.paragraph>${msg("douaneMailNotYou")}</@layout.paragraph>
<@layout.closing/>
</@layout.emailLayout>
