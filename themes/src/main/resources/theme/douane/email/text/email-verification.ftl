<#ftl output_format="plainText">
<#import "douane-common.ftl" as c>
<@c.header/>
${c.greeting()}

${msg("douaneMailVerifyText", properties.douaneSiteName!"")}

${link}

${msg("douaneMailLinkValidity", c.validity(linkExpiration))}

${msg("douaneMailVerifyNotYou")}

<@c.closing/>
