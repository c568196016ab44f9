<#import "template.ftl" as layout>
<#-- Keycloak's stock reset mail (stock flow only), in the douane layout. -->
<@layout.emailLayout>
<@layout.greeting/>
<@layout.paragraph>${msg("douaneMailResetRequested")}</@layout.paragraph>
<@layout.paragraph>${msg("douaneMailResetClick")}</@layout.paragraph>
<@layout.button href=link label=msg("douaneMailResetButton")/>
<p style="font-weight:700">${msg("douaneMailLinkValidity", layout.validity(linkExpiration))}</p>
<@layout.paragraph>${msg("douaneMailNotYou")}</@layout.paragraph>
<@layout.closing/>
</@layout.emailLayout>
