<#import "template.ftl" as layout>
<#-- Email address verification, in the douane layout. -->
<@layout.emailLayout>
<@layout.greeting/>
<@layout.paragraph>${msg("douaneMailVerifyText", properties.douaneSiteName!"")}</@layout.paragraph>
<@layout.button href=link label=msg("douaneMailVerifyButton")/>
<p style="font-weight:700">${msg("douaneMailLinkValidity", layout.validity(linkExpiration))}</p>
<@layout.paragraph>${msg("douaneMailVerifyNotYou")}</@layout.paragraph>
<@layout.closing/>
</@layout.emailLayout>
