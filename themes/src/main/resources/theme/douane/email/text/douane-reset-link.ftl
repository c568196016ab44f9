<#ftl output_format="plainText">
<#import "douane-common.ftl" as c>
<@c.header/>
${c.greeting()}

<#if (sharedEmail!false) == true>
${msg("douaneMailResetRequested")}

${msg("douaneMailSharedEmail")}
<#if resetUrl?has_content>

${msg("douaneMailSharedEmailAction")}
${resetUrl}
</#if>

${msg("douaneMailNotYou")}
<#else>
${msg("douaneMailResetRequested")}<#if identifiant?has_content>
${msg("douaneMailYourIdentifiant")} ${identifiant}</#if>

${msg("douaneMailResetClick")}

${link}

${msg("douaneMailLinkValidity", c.validity(linkExpiration))}

${msg("douaneMailNotYou")}
</#if>

<@c.closing/>
