<#ftl output_format="plainText">
<#import "douane-common.ftl" as c>
<@c.header/>
${c.greeting()}

${msg("douaneMailChangedText", properties.douaneSiteName!"")}
<#if identifiant?has_content>${msg("douaneMailYourIdentifiant")} ${identifiant}
</#if><#if changedAt?has_content>${msg("douaneMailChangedAt")} ${changedAt}
</#if>

${msg("douaneMailChangedIfYou")}
<#if loginUrl?has_content>${loginUrl}
</#if>

${msg("douaneMailChangedNotYou")}
<#if resetUrl?has_content>${resetUrl}
</#if>

<@c.closing/>
