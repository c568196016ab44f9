<#ftl output_format="plainText">
<#import "douane-common.ftl" as c>
<@c.header/>
${c.greeting()}

${msg("douaneMailResetRequested")}

${msg("douaneMailResetClick")}

${link}

${msg("douaneMailLinkValidity", c.validity(linkExpiration))}

${msg("douaneMailNotYou")}

<@c.closing/>
